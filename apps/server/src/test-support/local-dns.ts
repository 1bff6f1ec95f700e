import { createSocket, type RemoteInfo } from "node:dgram";

const TYPE_TXT = 16;
const RCODE = { ok: 0, serverFailure: 2, nameError: 3 } as const;

export interface LocalDns {
  /** `127.0.0.1:<port>`, for `DNS_SERVERS`. */
  server: string;
  /** Publishes TXT values at a name (replacing earlier ones); `[]` leaves the name existing with no TXT record. */
  setTxt(name: string, values: string[]): void;
  /** The name answers SERVFAIL, as a broken authoritative server does. */
  fail(name: string): void;
  /** The name no longer exists (NXDOMAIN). */
  remove(name: string): void;
  close(): Promise<void>;
}

/** Reads the question's name and where the question ends (labels, then type and class). */
function readQuestion(query: Buffer): { name: string; type: number; end: number } | undefined {
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length) {
    const length = query[offset] ?? 0;
    offset += 1;
    if (length === 0) return { name: labels.join(".").toLowerCase(), type: query.readUInt16BE(offset), end: offset + 4 };
    labels.push(query.toString("latin1", offset, offset + length));
    offset += length;
  }
  return undefined;
}

/** A TXT record's data: each value as character-strings of at most 255 bytes. */
function txtData(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const parts: Buffer[] = [];
  let start = 0;
  do {
    const chunk = bytes.subarray(start, start + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
    start += 255;
  } while (start < bytes.length);
  return Buffer.concat(parts);
}

function answer(query: Buffer, questionEnd: number, rcode: number, values: string[]): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  const recursionDesired = (query[2] ?? 0) & 0x01;
  header[2] = 0x84 | recursionDesired;
  header[3] = 0x80 | rcode;
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(values.length, 6);
  const records = values.map((value) => {
    const data = txtData(value);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0);
    fixed.writeUInt16BE(TYPE_TXT, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(0, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) answering TXT questions from a table, so
 * domain verification runs through `node:dns` for real. Unknown names get NXDOMAIN.
 */
export async function startLocalDns(): Promise<LocalDns> {
  const zone = new Map<string, string[] | "fail">();
  const socket = createSocket("udp4");
  socket.on("message", (query: Buffer, from: RemoteInfo) => {
    const question = readQuestion(query);
    if (!question) return;
    const entry = zone.get(question.name);
    const reply =
      entry === undefined
        ? answer(query, question.end, RCODE.nameError, [])
        : entry === "fail"
          ? answer(query, question.end, RCODE.serverFailure, [])
          : answer(query, question.end, RCODE.ok, question.type === TYPE_TXT ? entry : []);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    setTxt: (name, values) => zone.set(name.toLowerCase(), values),
    fail: (name) => zone.set(name.toLowerCase(), "fail"),
    remove: (name) => zone.delete(name.toLowerCase()),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
