// A throwaway SMTP server on a free loopback port (node `net`, no package): speaks just enough SMTP for the server's
// mail (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps every message for the test to read.
import net from "node:net";

/** Quoted-printable and base64 parts decoded, so a long link reads whole. */
function readable(raw) {
  const qp = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const b64 = (raw.match(/(?:^[A-Za-z0-9+/=]{20,}\r?\n)+/gm) ?? []).map((block) => Buffer.from(block.replace(/\s/g, ""), "base64").toString("utf8"));
  return [qp, ...b64].join("\n");
}

export async function startSmtpSink() {
  const mails = [];
  const waiters = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let data = null;
    let to = [];
    const say = (line) => socket.write(line + "\r\n");
    say("220 sink.test ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      let i;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data !== null) {
          if (line === ".") {
            const raw = data.join("\r\n");
            const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? "";
            mails.push({ to, subject, raw, text: readable(raw) });
            data = null;
            to = [];
            say("250 OK queued");
            for (const w of waiters.splice(0)) w();
          } else data.push(line.startsWith("..") ? line.slice(1) : line);
          continue;
        }
        const verb = line.split(" ")[0].toUpperCase();
        if (verb === "EHLO") say("250-sink.test\r\n250 8BITMIME");
        else if (verb === "HELO") say("250 sink.test");
        else if (verb === "RCPT") { to.push(/<([^>]*)>/.exec(line)?.[1] ?? ""); say("250 OK"); }
        else if (verb === "MAIL" || verb === "RSET" || verb === "NOOP") say("250 OK");
        else if (verb === "DATA") { data = []; say("354 End data with <CR><LF>.<CR><LF>"); }
        else if (verb === "QUIT") { say("221 Bye"); socket.end(); }
        else say("502 Command not implemented");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    mails,
    /** The first mail to `address` whose subject matches, waiting for it up to `timeoutMs`. */
    async mailTo(address, subject, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => m.to.includes(address) && subject.test(m.subject));
        if (found) return found;
        if (Date.now() > until) throw new Error(`no mail to ${address} matching ${subject}; got: ${mails.map((m) => `${m.to} ${m.subject}`).join("; ")}`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 250); });
      }
    },
    /** The one-time link (path /reset-password or /verify-email) in a mail. */
    link(mail, path) {
      const m = new RegExp(`https?://[^\\s"<>]+${path}\\?token=[A-Za-z0-9_%.-]+`).exec(mail.text);
      if (!m) throw new Error("no link to " + path + " in the mail:\n" + mail.text);
      return m[0];
    },
    close: () => new Promise((r) => server.close(r)),
  };
}
