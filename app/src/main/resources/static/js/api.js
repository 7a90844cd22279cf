// The service's HTTP API as the page uses it: bearer token, failures turned into sentences for people, and
// Server-Sent Events read from fetch() (EventSource can neither POST nor send an Authorization header).
import { requestErrorText } from './errors.js';

/** An API call that failed: `message` is meant for people, `status` is the HTTP status (0: no answer). */
export class ApiError extends Error {
    constructor(message, status, problem) {
        super(message);
        this.status = status;
        this.problem = problem;
    }
}

async function errorFrom(response) {
    let problem = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
        try {
            problem = await response.json();
        } catch {
            problem = null;
        }
    }
    const text = requestErrorText(response.status, problem, response.headers.get('Retry-After'));
    return new ApiError(text, response.status, problem);
}

export function newId() {
    if (globalThis.crypto?.randomUUID) {
        try {
            return crypto.randomUUID();
        } catch { /* not a secure context */ }
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The file name of a download, from its Content-Disposition (the UTF-8 form when there is one). */
function fileNameOf(response, fallback) {
    const disposition = response.headers.get('Content-Disposition') || '';
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    if (utf8) {
        try {
            return decodeURIComponent(utf8[1]);
        } catch { /* fall through to the plain name */ }
    }
    return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

export class Api {
    /** @param {() => string|null} token @param {(e: ApiError) => void} onUnauthorized */
    constructor(token, onUnauthorized) {
        this.token = token;
        this.onUnauthorized = onUnauthorized;
    }

    async request(method, path, body, { accept = 'application/json', signal, headers: extra = {}, raw } = {}) {
        const headers = { Accept: accept, ...extra };
        const token = this.token();
        if (token) headers.Authorization = `Bearer ${token}`;
        if (body !== undefined || raw !== undefined) headers['Content-Type'] = 'application/json';
        let response;
        try {
            response = await fetch(path, {
                method, headers, signal, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
            });
        } catch (e) {
            if (e.name === 'AbortError') throw e;
            throw new ApiError(requestErrorText(0), 0, null);
        }
        if (!response.ok) {
            const error = await errorFrom(response);
            if (response.status === 401 && this.onUnauthorized) this.onUnauthorized(error);
            throw error;
        }
        return response;
    }

    async json(method, path, body, options) {
        const response = await this.request(method, path, body, options);
        const text = await response.text(); // 202 and 204 have no body
        return text ? JSON.parse(text) : null;
    }

    devToken(userId) {
        return this.json('POST', '/api/dev/tokens', { userId });
    }

    projects() {
        return this.json('GET', '/api/projects?limit=200');
    }

    createProject(name) {
        return this.json('POST', '/api/projects', { id: newId(), name });
    }

    /** One page of the project's chats, pinned first; archived ones only (and only those) with `archived`. */
    sessions(projectId, { archived = false, cursor = null, limit = 50 } = {}) {
        const query = new URLSearchParams({ limit: String(limit), archived: String(archived) });
        if (cursor) query.set('cursor', cursor);
        return this.json('GET', `/api/projects/${projectId}/chat-sessions?${query}`);
    }

    session(sessionId) {
        return this.json('GET', `/api/chat-sessions/${sessionId}`);
    }

    createSession(projectId) {
        return this.json('POST', `/api/projects/${projectId}/chat-sessions`, { id: newId() });
    }

    /** Changes any of {name, pinned, archived}. */
    updateSession(sessionId, changes) {
        return this.json('PATCH', `/api/chat-sessions/${sessionId}`, changes);
    }

    deleteSession(sessionId) {
        return this.json('DELETE', `/api/chat-sessions/${sessionId}`);
    }

    /** A new chat holding copies of the messages 1..upToSeq (all of them without it). */
    fork(sessionId, upToSeq) {
        return this.json('POST', `/api/chat-sessions/${sessionId}/fork`, { id: newId(), upToSeq });
    }

    /** Newest page first; each next page (cursor) goes further back. */
    messages(sessionId, cursor, limit) {
        const query = new URLSearchParams({ limit: String(limit), order: 'newest' });
        if (cursor) query.set('cursor', cursor);
        return this.json('GET', `/api/chat-sessions/${sessionId}/messages?${query}`);
    }

    rate(sessionId, messageId, rating) {
        const path = `/api/chat-sessions/${sessionId}/messages/${messageId}/feedback`;
        return rating ? this.json('PUT', path, { rating }) : this.json('DELETE', path);
    }

    search(projectId, q) {
        const query = new URLSearchParams({ q, limit: '30' });
        return this.json('GET', `/api/projects/${projectId}/search?${query}`);
    }

    /** The chat as a download: {blob, fileName}; format `markdown` or `json`. */
    async exportSession(sessionId, format) {
        const response = await this.request('GET', `/api/chat-sessions/${sessionId}/export?format=${format}`,
                                            undefined, { accept: '*/*' });
        const fallback = format === 'json' ? 'chat.json' : 'chat.md';
        return { blob: await response.blob(), fileName: fileNameOf(response, fallback) };
    }

    /** Imports a file (this service's project export or ChatGPT's conversations.json) as it is. */
    importFile(projectId, file) {
        return this.json('POST', `/api/projects/${projectId}/import`, undefined, { raw: file });
    }

    stopReply(sessionId) {
        return this.json('POST', `/api/chat-sessions/${sessionId}/reply/stop`);
    }

    /** Posts a user message and calls onEvent(name, data, id) for each streamed event until the stream ends. */
    async ask(sessionId, content, onEvent, signal) {
        const response = await this.request('POST', `/api/chat-sessions/${sessionId}/messages`,
                                            { id: newId(), content }, { accept: 'text/event-stream', signal });
        await readEvents(response, onEvent);
    }

    /**
     * Attaches to the reply running in the session, after `lastEventId` when given (then nothing already seen
     * comes again); throws an ApiError with status 404 when none runs.
     */
    async follow(sessionId, onEvent, signal, lastEventId) {
        const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
        const response = await this.request('GET', `/api/chat-sessions/${sessionId}/reply/stream`, undefined,
                                            { accept: 'text/event-stream', signal, headers });
        await readEvents(response, onEvent);
    }

    /** The project's changes as they happen, after `lastEventId` when given; returns when the stream ends. */
    async live(projectId, onEvent, signal, lastEventId) {
        const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
        const response = await this.request('GET', `/api/projects/${projectId}/live`, undefined,
                                            { accept: 'text/event-stream', signal, headers });
        await readEvents(response, onEvent);
    }
}

/** Reads a text/event-stream body: blocks separated by a blank line, `event:`, `id:` and `data:` fields. */
export async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const dispatch = block => {
        let event = 'message';
        let id = null;
        const data = [];
        for (const line of block.split(/\r\n|\r|\n/)) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1);
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') id = value;
        }
        if (!data.length) return;
        const text = data.join('\n');
        let parsed = text;
        try {
            parsed = JSON.parse(text);
        } catch { /* plain text data */ }
        onEvent(event, parsed, id);
    };
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let match;
        while ((match = /\r\n\r\n|\n\n|\r\r/.exec(buffer))) {
            const block = buffer.slice(0, match.index);
            buffer = buffer.slice(match.index + match[0].length);
            dispatch(block);
        }
    }
    buffer += decoder.decode();
    if (buffer.trim()) dispatch(buffer);
}
