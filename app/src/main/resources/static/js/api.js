// The service's HTTP API as the page uses it: bearer token, problem JSON turned into readable errors, and
// Server-Sent Events read from fetch() (EventSource can neither POST nor send an Authorization header).

/** An API call that failed: `message` is meant for people, `status` is the HTTP status (0: no answer). */
export class ApiError extends Error {
    constructor(message, status, problem) {
        super(message);
        this.status = status;
        this.problem = problem;
    }
}

/** A readable sentence from problem JSON ({title, detail, errors[]}). */
export function problemText(problem, status) {
    if (!problem || typeof problem !== 'object') {
        return status ? `The request failed (HTTP ${status}).` : 'The request failed.';
    }
    const parts = [];
    const title = problem.title || (status ? `HTTP ${status}` : '');
    if (title) parts.push(title);
    if (problem.detail && problem.detail !== title) parts.push(problem.detail);
    let text = parts.join(': ');
    if (Array.isArray(problem.errors) && problem.errors.length) {
        text += ' (' + problem.errors.map(e => e.field ? `${e.field} ${e.message}` : e.message).join('; ') + ')';
    }
    return text || 'The request failed.';
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
    return new ApiError(problemText(problem, response.status), response.status, problem);
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

export class Api {
    /** @param {() => string|null} token @param {(e: ApiError) => void} onUnauthorized */
    constructor(token, onUnauthorized) {
        this.token = token;
        this.onUnauthorized = onUnauthorized;
    }

    async request(method, path, body, { accept = 'application/json', signal } = {}) {
        const headers = { Accept: accept };
        const token = this.token();
        if (token) headers.Authorization = `Bearer ${token}`;
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        let response;
        try {
            response = await fetch(path, {
                method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
            });
        } catch (e) {
            if (e.name === 'AbortError') throw e;
            throw new ApiError('The service cannot be reached. Check your connection and try again.', 0, null);
        }
        if (!response.ok) {
            const error = await errorFrom(response);
            if (response.status === 401 && this.onUnauthorized) this.onUnauthorized(error);
            throw error;
        }
        return response;
    }

    async json(method, path, body) {
        const response = await this.request(method, path, body);
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

    sessions(projectId) {
        return this.json('GET', `/api/projects/${projectId}/chat-sessions?limit=200`);
    }

    createSession(projectId) {
        return this.json('POST', `/api/projects/${projectId}/chat-sessions`, { id: newId() });
    }

    renameSession(sessionId, name) {
        return this.json('PATCH', `/api/chat-sessions/${sessionId}`, { name });
    }

    deleteSession(sessionId) {
        return this.json('DELETE', `/api/chat-sessions/${sessionId}`);
    }

    /** Newest page first; each next page (cursor) goes further back. */
    messages(sessionId, cursor, limit) {
        const query = new URLSearchParams({ limit: String(limit), order: 'newest' });
        if (cursor) query.set('cursor', cursor);
        return this.json('GET', `/api/chat-sessions/${sessionId}/messages?${query}`);
    }

    stopReply(sessionId) {
        return this.json('POST', `/api/chat-sessions/${sessionId}/reply/stop`);
    }

    /** Posts a user message and calls onEvent(name, data) for each streamed event until the stream ends. */
    async ask(sessionId, content, onEvent, signal) {
        const response = await this.request('POST', `/api/chat-sessions/${sessionId}/messages`,
                                            { id: newId(), content }, { accept: 'text/event-stream', signal });
        await readEvents(response, onEvent);
    }

    /** Attaches to the reply running in the session; throws an ApiError with status 404 when none runs. */
    async follow(sessionId, onEvent, signal) {
        const response = await this.request('GET', `/api/chat-sessions/${sessionId}/reply/stream`, undefined,
                                            { accept: 'text/event-stream', signal });
        await readEvents(response, onEvent);
    }
}

/** Reads a text/event-stream body: blocks separated by a blank line, `event:` and `data:` fields. */
export async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const dispatch = block => {
        let event = 'message';
        const data = [];
        for (const line of block.split(/\r\n|\r|\n/)) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1);
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
        }
        if (!data.length) return;
        const text = data.join('\n');
        let parsed = text;
        try {
            parsed = JSON.parse(text);
        } catch { /* plain text data */ }
        onEvent(event, parsed);
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
