/**
 * MongoDB wire protocol framing: splitting the TCP stream into messages, decoding the
 * two request kinds drivers still send (legacy OP_QUERY for the first handshake, OP_MSG
 * for everything else) and encoding OP_REPLY / OP_MSG responses.
 * https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
import { deserialize, serialize } from 'bson';
import { isPlainObject, type BsonDoc } from './values.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;

const HEADER_SIZE = 16;
const MSG_CHECKSUM_PRESENT = 1 << 0;
const MSG_MORE_TO_COME = 1 << 1;
/** Bits 0-15 are "required": a receiver must reject flags it does not know. Optional bit 16
 * (exhaustAllowed) is ignored: replies never set moreToCome, so exhaust cursors are never used. */
const MSG_REQUIRED_BITS_MASK = 0xffff;
const MSG_KNOWN_REQUIRED = MSG_CHECKSUM_PRESENT | MSG_MORE_TO_COME;

/** OP_REPLY responseFlags: AwaitCapable, as mongod always sets it. */
const REPLY_AWAIT_CAPABLE = 8;

/** Any framing or decoding problem; the connection is dropped, as mongod does. */
export class WireProtocolError extends Error {}

export type WireRequest =
  | { kind: 'query'; requestId: number; db: string; collection: string; command: BsonDoc }
  | { kind: 'msg'; requestId: number; command: BsonDoc; moreToCome: boolean };

const DESERIALIZE_OPTIONS = { promoteValues: true, promoteLongs: true, promoteBuffers: false, bsonRegExp: false } as const;

/** Accumulates socket chunks and yields whole messages (header included). */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the message being received, once its first 4 bytes have arrived. */
  private expected: number | undefined;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < 4) break;
        const head = this.chunks[0]!.length >= 4 ? this.chunks[0]! : this.coalesce();
        const length = head.readInt32LE(0);
        if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE_BYTES) {
          throw new WireProtocolError(`invalid message length ${length}`);
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      // Concatenate only once a whole message is there (not on every chunk of a large one).
      const all = this.coalesce();
      messages.push(all.subarray(0, this.expected));
      const rest = all.subarray(this.expected);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      this.expected = undefined;
    }
    return messages;
  }

  private coalesce(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}

function readDocument(buf: Buffer, offset: number, limit: number): { doc: BsonDoc; end: number } {
  if (offset + 4 > limit) throw new WireProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new WireProtocolError('invalid document size');
  const doc = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS) as BsonDoc;
  return { doc, end: offset + size };
}

function readCString(buf: Buffer, offset: number, limit: number): { value: string; end: number } {
  const nul = buf.indexOf(0, offset);
  if (nul < 0 || nul >= limit) throw new WireProtocolError('unterminated cstring');
  return { value: buf.toString('utf8', offset, nul), end: nul + 1 };
}

/** Decodes one complete message. Throws WireProtocolError for anything malformed or unsupported. */
export function parseMessage(message: Buffer): WireRequest {
  try {
    return parseMessageUnchecked(message);
  } catch (err) {
    if (err instanceof WireProtocolError) throw err;
    // bson's BSONError, RangeError from out-of-bounds reads, ...
    throw new WireProtocolError(err instanceof Error ? err.message : String(err));
  }
}

function parseMessageUnchecked(buf: Buffer): WireRequest {
  if (buf.length < HEADER_SIZE) throw new WireProtocolError('short message');
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(buf, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(buf, requestId);
  // OP_COMPRESSED is never negotiated (hello advertises no compression); the legacy
  // CRUD opcodes were removed in MongoDB 5.1+.
  throw new WireProtocolError(`unsupported opCode ${opCode}`);
}

function parseOpMsg(buf: Buffer, requestId: number): WireRequest {
  if (buf.length < HEADER_SIZE + 5) throw new WireProtocolError('short OP_MSG');
  const flags = buf.readUInt32LE(HEADER_SIZE);
  if ((flags & MSG_REQUIRED_BITS_MASK & ~MSG_KNOWN_REQUIRED) !== 0) {
    throw new WireProtocolError(`unknown required OP_MSG flag bits ${flags}`);
  }
  // The CRC-32C trailer is not verified: this is a loopback test fixture.
  const end = flags & MSG_CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
  let offset = HEADER_SIZE + 4;
  let body: BsonDoc | undefined;
  const sequences: Array<{ identifier: string; documents: BsonDoc[] }> = [];
  while (offset < end) {
    const kind = buf[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new WireProtocolError('OP_MSG with more than one body section');
      const { doc, end: next } = readDocument(buf, offset, end);
      body = doc;
      offset = next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new WireProtocolError('truncated document sequence');
      const size = buf.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new WireProtocolError('invalid document sequence size');
      const id = readCString(buf, offset + 4, sectionEnd);
      const documents: BsonDoc[] = [];
      let pos = id.end;
      while (pos < sectionEnd) {
        const { doc, end: next } = readDocument(buf, pos, sectionEnd);
        documents.push(doc);
        pos = next;
      }
      sequences.push({ identifier: id.value, documents });
      offset = sectionEnd;
    } else {
      throw new WireProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new WireProtocolError('OP_MSG without body section');
  // Kind-1 sections carry the batched array fields (documents/updates/deletes) of the command.
  for (const { identifier, documents } of sequences) {
    const existing = body[identifier];
    if (existing === undefined) body[identifier] = documents;
    else if (Array.isArray(existing)) existing.push(...documents);
    else throw new WireProtocolError(`duplicate field ${identifier} in OP_MSG`);
  }
  return { kind: 'msg', requestId, command: body, moreToCome: (flags & MSG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(buf: Buffer, requestId: number): WireRequest {
  let offset = HEADER_SIZE + 4; // skip flags
  const ns = readCString(buf, offset, buf.length);
  offset = ns.end + 8; // numberToSkip, numberToReturn
  const { doc } = readDocument(buf, offset, buf.length);
  const dot = ns.value.indexOf('.');
  if (dot <= 0) throw new WireProtocolError(`invalid namespace ${ns.value}`);
  // Drivers may wrap the command as { $query: cmd, $readPreference: ... }.
  const wrapped = doc.$query;
  const command = isPlainObject(wrapped) ? wrapped : doc;
  return { kind: 'query', requestId, db: ns.value.slice(0, dot), collection: ns.value.slice(dot + 1), command };
}

let nextResponseId = 1;

function header(totalLength: number, responseTo: number, opCode: number): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.writeInt32LE(totalLength, 0);
  buf.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

function serializeReply(doc: BsonDoc): Buffer {
  return Buffer.from(serialize(doc, { checkKeys: false, ignoreUndefined: true }));
}

/** OP_REPLY with a single document, the answer to a legacy OP_QUERY command. */
export function encodeOpReply(responseTo: number, doc: BsonDoc): Buffer {
  const body = serializeReply(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(REPLY_AWAIT_CAPABLE, 0);
  fields.writeBigInt64LE(0n, 4); // cursorID
  fields.writeInt32LE(0, 12); // startingFrom
  fields.writeInt32LE(1, 16); // numberReturned
  const total = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(total, responseTo, OP_REPLY), fields, body], total);
}

/** OP_MSG with flagBits 0 and one kind-0 body section. */
export function encodeOpMsg(responseTo: number, doc: BsonDoc): Buffer {
  const body = serializeReply(doc);
  const prefix = Buffer.alloc(5); // flagBits (0) + section kind (0)
  const total = HEADER_SIZE + prefix.length + body.length;
  return Buffer.concat([header(total, responseTo, OP_MSG), prefix, body], total);
}
