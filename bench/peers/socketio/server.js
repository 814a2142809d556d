// The peer: a chat server written the way the Socket.IO tutorials write it (rooms, join with an ack, broadcast to
// the room, ack with the message), WebSocket transport only. Messages live in memory, as in the tutorial; each room
// numbers its messages so the load generator can check that nothing is lost or duplicated.
// PORT (default 5090) sets the port; it listens on loopback only.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 5090);
const httpServer = createServer();
const io = new Server(httpServer, { transports: ["websocket"], serveClient: false });

const rooms = new Map(); // room name → { seq, messages }

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack({ ok: true });
  });

  socket.on("chat message", (msg, ack) => {
    if (!msg || typeof msg.room !== "string" || !socket.rooms.has(msg.room)) {
      if (typeof ack === "function") ack({ error: "not in that room" });
      return;
    }
    let room = rooms.get(msg.room);
    if (!room) rooms.set(msg.room, (room = { seq: 0, messages: [] }));
    const message = { room: msg.room, seq: ++room.seq, clientId: msg.clientId, text: msg.text, from: socket.id };
    room.messages.push(message);
    if (room.messages.length > 1000) room.messages.shift(); // keep the tutorial's in-memory history bounded
    io.to(msg.room).emit("chat message", message);
    if (typeof ack === "function") ack(message);
  });
});

httpServer.listen(port, "127.0.0.1", () => console.log(`socket.io peer listening on http://127.0.0.1:${port}`));
