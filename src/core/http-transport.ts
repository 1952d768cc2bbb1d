import { createWriteStream, type WriteStream } from 'node:fs';
import { WRITE_NO_FOLLOW } from './confined-paths.js';
import type { ByteFilter } from './redact-stream.js';
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NetworkError, StoppedError } from './errors.js';
import { formatSize } from './parse/artifact-globs.js';
import { StreamedMemory } from './streamed-memory.js';
import {
  CONNECT_TIMEOUT_MS,
  ProxyRefusal,
  describeFailure,
  throughProxy,
} from './network-failures.js';

/** One HTTP exchange as the GitLab client needs it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialised as the JSON body. Tokens travel here or in headers, never in the URL. */
  readonly json?: unknown;
  /** Aborted when the run is cancelled: the request is dropped at once. */
  readonly signal?: AbortSignal;
  /** How long the whole answer may take, when shorter than the transport's own limit (a deadline). */
  readonly timeoutMs?: number;
  /**
   * Keep only the last this many bytes of the body (a job's log): the rest is read and
   * dropped as it arrives, so memory stays bounded whatever the size.
   */
  readonly tailBytes?: number;
  /** The most bytes of body read whole, when fewer than the transport's own ceiling. */
  readonly maxBytes?: number;
  /**
   * Keep only the bytes from `from` on, at most `maxBytes` of them (the new part of a job's log
   * that GitLab answers whole each time): the rest is counted and dropped as it arrives.
   */
  readonly window?: BodyWindow;
  /**
   * Write a 2xx body to this file as it arrives (an artifacts archive, a whole log) instead of
   * keeping it, so memory stays bounded whatever the size. The file is created or emptied on
   * each attempt; more than `maxBytes` fails with TOO_LARGE, leaving what was written. While
   * the body flows, the transport's response timeout bounds each pause between chunks rather
   * than the whole answer (`timeoutMs` still bounds it all). Other answers are read as usual.
   */
  readonly saveTo?: SaveTo;
}

/** Where a streamed body goes, and how large it may grow. */
export interface SaveTo {
  /** Opened so that a link in its place is never followed (O_NOFOLLOW). */
  readonly path: string;
  /** The most bytes read from the answer. */
  readonly maxBytes: number;
  /** Made for each attempt: what is written instead of the bytes as they came (a log, masked). */
  readonly filter?: () => ByteFilter;
}

/** The part of a body a windowed read hands on, chunk by chunk as it arrives. */
export interface BodyWindow {
  readonly from: number;
  readonly maxBytes: number;
  /**
   * Each piece of the window, as text, and the bytes it was decoded from (invalid UTF-8 makes
   * them differ): a character cut by a chunk's end comes with the next.
   */
  readonly onText: (text: string, bytes: number) => void;
  /** Past this many bytes of the body the rest is left unread: a read costs no more. */
  readonly maxSize?: number;
}

/** What a windowed read found: the body's whole size, and how many bytes were handed on. */
export interface WindowRead {
  readonly size: number;
  /** Bytes from `from` handed on as text; a character cut by the window's end is left out. */
  readonly kept: number;
  /** True when the body went past `maxSize` and the rest was left unread: `size` is a floor. */
  readonly leftUnread?: boolean;
}

/** The response headers the client reads, by lower-case name. */
export interface HttpHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: string;
  /** With `saveTo`: the bytes written to the file (the body is then empty). */
  readonly saved?: number;
  /** With `window`: the body's size and the bytes kept. */
  readonly window?: WindowRead;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * What an agent's `connect(req, options)` finds in `options.abandon`: aborted when the exchange
 * gives up (a timeout, a cancelled run) before the agent handed over its socket, so that a
 * connection still being made through a proxy is closed rather than left open.
 */
export interface AbandonOption {
  readonly abandon?: AbortSignal;
}

export interface HttpOptions {
  /** How long to wait for the whole answer once connected. */
  readonly responseTimeoutMs: number;
  /**
   * The proxy's agent for a request of this method (https-proxy-agent, http-proxy-agent):
   * requests then go through the proxy, and a failure to reach GitLab names it. Anything but a
   * GET must get a socket of its own, never a kept-alive one (a fresh agent, or keepAlive
   * false). The agent hands over its socket only once it is usable: connected, and for https
   * the tunnel up and TLS with GitLab done.
   */
  readonly agent?: (method: HttpRequest['method']) => Agent;
  /** Where the host takes a private CA's certificate, for the message about an untrusted one. */
  readonly caCertSetting?: string;
  /** The largest body kept whole; larger answers fail (a tail read keeps its own bound). */
  readonly maxBodyBytes?: number;
}

/** No answer the tool reads whole is near this size: a page of 100 jobs is about 300 KiB. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Sends requests. Redirects are never followed: a 307/308 would carry the token in the body
 * to wherever the Location points, and a 301/302 would turn the trigger into a GET; the
 * caller reports them instead.
 *
 * Requests use node:http(s), directly or through a proxy's agent: it starts in half the time of
 * Node's fetch and holds ~15 MiB less (fetch compiles its WebAssembly HTTP parser), and it
 * tells exactly whether the connection was ever made, which decides whether a trigger may be
 * repeated.
 */
export function createHttpSend(options: HttpOptions): HttpSend {
  return nodeSend(options);
}

/** Collects a body: whole up to a ceiling, or only its last `tailBytes`. */
class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  tooLarge = false;

  constructor(
    private readonly maxBytes: number,
    private readonly tailBytes: number | undefined,
  ) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.tailBytes === undefined) {
      this.tooLarge = this.size > this.maxBytes;
      return;
    }
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.tailBytes)
      this.size -= this.chunks.shift()?.length ?? 0;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const cut = this.tailBytes === undefined ? all : all.subarray(-this.tailBytes);
    return cut.toString('utf8');
  }
}

/**
 * Hands on the bytes of a body's window as text, chunk by chunk, and counts them all: nothing
 * is held but the few bytes of a character cut by a chunk's end.
 */
class WindowCollector {
  private cut: Buffer = Buffer.alloc(0);
  private kept = 0;
  size = 0;

  constructor(private readonly window: BodyWindow) {}

  add(chunk: Buffer): void {
    const start = Math.max(this.window.from - this.size, 0);
    this.size += chunk.length;
    const room = this.window.maxBytes - this.kept - this.cut.length;
    if (start >= chunk.length || room <= 0) return;
    const part = chunk.subarray(start, start + room);
    const bytes = this.cut.length ? Buffer.concat([this.cut, part]) : part;
    const whole = bytes.length - cutCharacter(bytes);
    this.cut = bytes.subarray(whole);
    this.kept += whole;
    if (whole > 0) this.window.onText(bytes.toString('utf8', 0, whole), whole);
  }

  /** The size and the bytes handed on; a character the window's end cut is not among them. */
  read(): WindowRead {
    return { size: this.size, kept: this.kept };
  }
}

/** How many bytes at the end of `bytes` begin a UTF-8 character that is not complete. */
export function cutCharacter(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

function tooLarge(host: string, maxBytes: number, status: number): NetworkError {
  return new NetworkError(
    `The answer from ${host} was larger than ${formatSize(maxBytes)}, more than any answer this tool reads whole; the rest was not read`,
    true,
    'TOO_LARGE',
    status,
  );
}

/** The file a saved body could not be written to: not a network failure, and not repeated. */
export class SaveError extends Error {
  override readonly name = 'SaveError';
}

/** A streamed body's file: counts the bytes, stops at the ceiling, and waits for the disk. */
class FileSink {
  private readonly file: WriteStream;
  private readonly filter: ByteFilter | undefined;
  private failure: Error | undefined;
  written = 0;

  constructor(
    private readonly saveTo: SaveTo,
    private readonly host: string,
    private readonly status: number,
  ) {
    // A link planted where the file goes fails the open (ELOOP) rather than being followed.
    // Node hands the flags to fs.open, which takes them as a number; the type says string only.
    this.file = createWriteStream(saveTo.path, { flags: WRITE_NO_FOLLOW as unknown as string });
    this.filter = saveTo.filter?.();
    this.file.on('error', (error) => (this.failure ??= this.saveError(error)));
  }

  /** Writes a chunk; false when the disk wants a pause (wait for `drained`). Throws past the ceiling or on a write failure. */
  write(chunk: Buffer): boolean {
    if (this.failure) throw this.failure;
    this.written += chunk.length;
    if (this.written > this.saveTo.maxBytes)
      throw tooLarge(this.host, this.saveTo.maxBytes, this.status);
    return this.file.write(this.filter ? this.filter.push(chunk) : chunk);
  }

  drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.file.off('drain', done).off('close', done);
        resolve();
      };
      this.file.once('drain', done).once('close', done);
    });
  }

  /** Flushes and closes the file; the bytes written. */
  finish(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      // The callback has the stream's error, which may come before the 'error' event.
      this.file.end(this.filter?.end() ?? Buffer.alloc(0), (error?: Error | null) =>
        error || this.failure
          ? reject((this.failure ??= this.saveError(error ?? new Error('unknown'))))
          : resolve(this.written),
      );
    });
  }

  private saveError(error: NodeJS.ErrnoException): SaveError {
    const why =
      error.code === 'ELOOP' ? 'it is a link, which is never written through' : error.message;
    return new SaveError(`Could not write ${this.saveTo.path}: ${why}`, { cause: error });
  }

  abandon(): void {
    this.file.destroy();
  }
}

function stopped(connected: boolean): StoppedError {
  return new StoppedError(
    connected
      ? 'The run was cancelled while a request to GitLab was on its way'
      : 'The run was cancelled before a request reached GitLab',
    'aborted',
    connected,
  );
}

function headersOf(res: IncomingMessage): HttpHeaders {
  return {
    get: (name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function nodeSend(options: HttpOptions): HttpSend {
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) =>
      new NodeExchange(options, request, resolve, reject).start(),
    );
}

/**
 * One request over node:http(s): it knows whether the connection was ever made, bounds the
 * connect and the whole answer in time, drops the request when the run is cancelled, and
 * reads the body whole up to a ceiling or keeps only its tail.
 */
class NodeExchange {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private req: ReturnType<typeof httpRequest> | undefined;
  private connected = false;
  private status: number | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private responseTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private sink: FileSink | undefined;
  /** Set by the first failure: a destroyed body's later errors and ends change nothing. */
  private failed = false;
  /** Aborted when the exchange gives up before it had a socket: an agent closes what it opened. */
  private readonly abandon = new AbortController();
  private readonly onAbort = (): void => this.giveUp(stopped(this.connected));

  constructor(
    private readonly options: HttpOptions,
    private readonly request: HttpRequest,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (error: NetworkError | SaveError) => void,
  ) {
    this.url = new URL(request.url);
    this.timeoutMs = Math.min(request.timeoutMs ?? Infinity, options.responseTimeoutMs);
  }

  start(): void {
    const { request, url } = this;
    if (request.signal?.aborted) return this.reject(stopped(false));
    const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json));
    const headers: Record<string, string> = { ...request.headers };
    if (body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const abandon: AbandonOption = { abandon: this.abandon.signal };
    let req: ReturnType<typeof send>;
    try {
      req = send(url, {
        method: request.method,
        headers,
        // A trigger gets a connection of its own: on a kept-alive socket the server may have
        // closed meanwhile, a reset could not tell "never arrived" from "arrived".
        agent:
          this.options.agent?.(request.method) ?? (request.method === 'GET' ? undefined : false),
        ...abandon,
      });
    } catch (error) {
      return this.reject(unsendable(error, url.host));
    }
    this.req = req;
    this.connectTimer = setTimeout(
      () =>
        this.giveUp(
          Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
        ),
      Math.min(CONNECT_TIMEOUT_MS, this.timeoutMs),
    );
    request.signal?.addEventListener('abort', this.onAbort, { once: true });
    req.on('socket', (socket) => {
      // A new direct socket is still connecting (for https, until TLS is done); a proxy agent's
      // is handed over ready, its tunnel up and TLS with GitLab done, as is a kept-alive one.
      if (!socket.connecting) return this.onConnected();
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
        this.onConnected(),
      );
    });
    req.on('response', (res) => this.onResponse(res));
    req.on('error', (error) => this.fail(error));
    req.on('close', () => this.settle());
    req.end(body);
  }

  private onConnected(): void {
    this.connected = true;
    clearTimeout(this.connectTimer);
    const timeout = (): void =>
      this.giveUp(Object.assign(new Error('response timeout'), { name: 'TimeoutError' }));
    if (this.request.saveTo || this.request.window) {
      // A long download is bounded by its pauses, refreshed with each chunk, and the deadline.
      this.responseTimer = setTimeout(timeout, this.options.responseTimeoutMs);
      if (this.request.timeoutMs !== undefined)
        this.deadlineTimer = setTimeout(timeout, this.request.timeoutMs);
      return;
    }
    this.responseTimer = setTimeout(timeout, this.timeoutMs);
  }

  private onResponse(res: IncomingMessage): void {
    const status = (this.status = res.statusCode ?? 0);
    if (status === 407 && this.options.agent) {
      // The forward proxy's own answer to a plain-http request: it carried nothing to GitLab.
      res.resume();
      return this.fail(new ProxyRefusal(status));
    }
    if (this.request.saveTo && status >= 200 && status < 300)
      return this.saveBody(res, status, this.request.saveTo);
    if (this.request.window && status >= 200 && status < 300)
      return this.windowBody(res, status, this.request.window);
    const maxBytes = this.request.maxBytes ?? this.options.maxBodyBytes ?? MAX_BODY_BYTES;
    const collector = new BodyCollector(maxBytes, this.request.tailBytes);
    const memory = new StreamedMemory();
    res.on('data', (chunk: Buffer) => {
      collector.add(chunk);
      memory.streamed(chunk.length);
      if (collector.tooLarge) this.stopBody(res, tooLarge(this.url.host, maxBytes, status));
    });
    res.on('error', (error) => this.fail(error));
    res.on('end', () => {
      this.settle();
      if (!res.complete)
        return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
      if (!this.failed) this.resolve({ status, headers: headersOf(res), body: collector.text() });
    });
  }

  /** Hands on a 2xx body's window, counting the rest as it flows past. */
  private windowBody(res: IncomingMessage, status: number, window: BodyWindow): void {
    const collector = new WindowCollector(window);
    const memory = new StreamedMemory();
    res.on('data', (chunk: Buffer) => {
      // A long log is bounded by its pauses, like a saved download, and by the deadline.
      this.responseTimer?.refresh();
      memory.streamed(chunk.length);
      try {
        collector.add(chunk);
      } catch (error) {
        return this.stopBody(res, error as Error);
      }
      if (window.maxSize === undefined || collector.size <= window.maxSize || this.failed) return;
      // Enough: what is read says the body is too large; the rest would only cost.
      this.failed = true; // nothing that follows the destroy may settle the exchange again
      this.settle();
      this.resolve({
        status,
        headers: headersOf(res),
        body: '',
        window: { ...collector.read(), leftUnread: true },
      });
      res.destroy();
      this.req?.destroy();
    });
    res.on('error', (error) => this.fail(error));
    res.on('end', () => {
      this.settle();
      if (!res.complete)
        return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
      if (!this.failed)
        this.resolve({ status, headers: headersOf(res), body: '', window: collector.read() });
    });
  }

  /** Streams a 2xx body to the file, pausing the socket while the disk catches up. */
  private saveBody(res: IncomingMessage, status: number, saveTo: SaveTo): void {
    const sink = (this.sink = new FileSink(saveTo, this.url.host, status));
    const memory = new StreamedMemory();
    res.on('data', (chunk: Buffer) => {
      this.responseTimer?.refresh();
      memory.streamed(chunk.length);
      try {
        if (!sink.write(chunk)) {
          res.pause();
          void sink.drained().then(() => res.resume());
        }
      } catch (error) {
        this.stopBody(res, error as Error);
      }
    });
    res.on('error', (error) => this.fail(error));
    res.on('end', () => {
      if (!res.complete)
        return this.fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' }));
      sink.finish().then(
        (saved) => {
          this.settle();
          if (!this.failed) this.resolve({ status, headers: headersOf(res), body: '', saved });
        },
        (error: unknown) => this.fail(error),
      );
    });
  }

  /**
   * Stops reading a body that must not be read further and fails with `error`. The body may
   * have arrived whole already, its socket back with the agent: destroying the request with
   * the error would then emit it on that socket, where nothing listens, and crash the process.
   */
  private stopBody(res: IncomingMessage, error: Error): void {
    this.fail(error);
    res.destroy();
    this.req?.destroy();
  }

  private settle(): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.responseTimer);
    clearTimeout(this.deadlineTimer);
    this.request.signal?.removeEventListener('abort', this.onAbort);
  }

  /**
   * Drops the request and fails at once: an agent may not have handed over a socket yet, and
   * node:http reports a destroyed request's error only once it has one.
   */
  private giveUp(error: Error): void {
    this.req?.destroy(error);
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.settle();
    this.sink?.abandon();
    if (!this.connected) this.abandon.abort();
    if (error instanceof NetworkError || error instanceof SaveError) return this.reject(error);
    const failure = describeFailure(error, {
      host: this.url.host,
      timeoutMs: this.timeoutMs,
      status: this.status,
      connected: this.connected,
      caCertSetting: this.options.caCertSetting,
    });
    this.reject(this.options.agent ? throughProxy(failure) : failure);
  }
}

/** Node refuses a header value it cannot send (a token with an invisible character). */
function unsendable(error: unknown, host: string): NetworkError {
  const bad = /\["?([\w-]+)"?\]/.exec((error as Error).message)?.[1];
  return new NetworkError(
    `The request to ${host} could not be sent: ${bad ? `the ${bad} header holds` : 'a header holds'} a character HTTP does not allow; retype the token without invisible characters`,
    false,
    (error as { code?: string }).code ?? 'ERR_INVALID_CHAR',
  );
}
