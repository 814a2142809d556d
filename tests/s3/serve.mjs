// Serves an S3-compatible API on 127.0.0.1:<port> with one bucket, files under <dir>. Stops when stdin closes,
// so it never outlives the test that started it.
import S3rver from "s3rver";

const [port, dir, bucket] = process.argv.slice(2);
const server = new S3rver({ port: Number(port), address: "127.0.0.1", directory: dir, silent: true, configureBuckets: [{ name: bucket }] });
await server.run();
console.log("ready");
process.stdin.resume();
process.stdin.on("end", async () => { await server.close(); process.exit(0); });
