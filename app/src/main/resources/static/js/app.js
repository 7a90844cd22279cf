// The chat panel: sign in, pick a project, pick or create a chat session, talk to the assistant.
// Opening or reloading the page never creates a session: only the "Create New Chat" / "New chat" buttons do.
import { Api, ApiError } from './api.js';

const PAGE_SIZE = 50;
const DEFAULT_NAME = 'New Chat';
const TOKEN_KEY = 'chat.token';

const $ = id => document.getElementById(id);
const el = {
    who: $('who'), whoName: $('who-name'), signOut: $('sign-out'),
    banner: $('error-banner'), errorText: $('error-text'), errorClose: $('error-close'),
    signInView: $('sign-in-view'), signInForm: $('sign-in-form'), userName: $('user-name'),
    tokenDetails: $('token-details'), tokenForm: $('token-form'), tokenInput: $('token-input'),
    chatView: $('chat-view'),
    projectRow: $('project-row'), projectSelect: $('project-select'), newProject: $('new-project'),
    projectForm: $('project-form'), projectName: $('project-name'), cancelProject: $('cancel-project'),
    sessionRow: $('session-row'), sessionSelect: $('session-select'), newChat: $('new-chat'),
    renameChat: $('rename-chat'), deleteChat: $('delete-chat'),
    renameForm: $('rename-form'), renameInput: $('rename-input'), cancelRename: $('cancel-rename'),
    noProject: $('no-project'), noSessions: $('no-sessions'), createFirstChat: $('create-first-chat'),
    messages: $('messages'), noMessages: $('no-messages'), list: $('message-list'), loadingMore: $('loading-more'),
    composer: $('composer'), input: $('message-input'), send: $('send'), stop: $('stop'),
    deleteDialog: $('delete-dialog'), deleteName: $('delete-name'),
};

const state = {
    user: null,
    projects: [],
    projectId: null,
    sessions: [],
    sessionId: null,
    cursor: null,        // nextCursor of the oldest loaded page of messages; null when all are loaded
    loading: false,
    reply: null,         // {sessionId, controller, item, text, saved, stopping} while a reply streams here
    view: 0,             // bumped on every session switch, so late answers for an old view are dropped
};

const api = new Api(() => localStorage.getItem(TOKEN_KEY), () => {
    signOut();
    showError('Your sign-in is no longer valid. Please sign in again.');
});

// ---- messages to the user ----

function showError(error) {
    if (error?.name === 'AbortError') return;
    const text = error instanceof ApiError ? error.message
        : typeof error === 'string' ? error : 'Something went wrong. Please try again.';
    if (!(error instanceof ApiError) && typeof error !== 'string') console.error(error);
    el.errorText.textContent = text;
    el.banner.hidden = false;
}

function clearError() {
    el.banner.hidden = true;
    el.errorText.textContent = '';
}

/** Runs an action, turning its failure into the banner; returns its result or undefined. */
async function attempt(action) {
    try {
        return await action();
    } catch (e) {
        showError(e);
        return undefined;
    }
}

// ---- signing in ----

function userOf(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const json = decodeURIComponent(atob(payload).split('').map(c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
        return JSON.parse(json).sub || null;
    } catch {
        return null;
    }
}

function signOut() {
    abortReply();
    localStorage.removeItem(TOKEN_KEY);
    state.user = null;
    state.projects = [];
    state.sessions = [];
    state.projectId = null;
    state.sessionId = null;
    showSignIn();
}

function showSignIn() {
    el.chatView.hidden = true;
    el.who.hidden = true;
    el.signInView.hidden = false;
    document.title = 'Chat sessions';
    el.userName.focus();
}

async function signIn(token) {
    const user = userOf(token);
    if (!user) {
        showError('That is not a token this page can read: paste a JWT (three parts separated by dots).');
        return;
    }
    localStorage.setItem(TOKEN_KEY, token);
    clearError();
    await start();
}

el.signInForm.addEventListener('submit', async e => {
    e.preventDefault();
    const userId = el.userName.value.trim();
    if (!userId) {
        showError('Enter a user name to sign in.');
        el.userName.focus();
        return;
    }
    try {
        const { token } = await api.devToken(userId);
        await signIn(token);
    } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
            showError('This server does not hand out local tokens: sign in with a token from your identity provider.');
            el.tokenDetails.open = true;
            el.tokenInput.focus();
        } else {
            showError(error);
        }
    }
});

el.tokenForm.addEventListener('submit', async e => {
    e.preventDefault();
    const token = el.tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
        showError('Paste a token first.');
        return;
    }
    await signIn(token);
});

el.signOut.addEventListener('click', () => {
    clearError();
    signOut();
});
el.errorClose.addEventListener('click', clearError);

// ---- projects ----

const projectKey = () => `chat.project.${state.user}`;
const sessionKey = projectId => `chat.session.${state.user}.${projectId}`;

async function start() {
    state.user = userOf(localStorage.getItem(TOKEN_KEY));
    el.signInView.hidden = true;
    el.chatView.hidden = false;
    el.who.hidden = false;
    el.whoName.textContent = state.user;
    const page = await attempt(() => api.projects());
    if (!page) return;
    state.projects = page.items;
    renderProjects();
    const remembered = localStorage.getItem(projectKey());
    const chosen = state.projects.find(p => p.id === remembered) ?? state.projects[0];
    if (chosen) {
        await selectProject(chosen.id);
    } else {
        showProjectForm(true);
        showConversation('no-project');
    }
}

function renderProjects() {
    el.projectSelect.replaceChildren(...state.projects.map(p => new Option(p.name, p.id)));
    el.projectSelect.value = state.projectId ?? '';
    el.projectRow.hidden = state.projects.length === 0;
}

function showProjectForm(show) {
    el.projectForm.hidden = !show;
    el.cancelProject.hidden = state.projects.length === 0;
    if (show) {
        el.projectName.value = '';
        el.projectName.focus();
    }
}

el.newProject.addEventListener('click', () => showProjectForm(true));
el.cancelProject.addEventListener('click', () => {
    showProjectForm(false);
    el.newProject.focus();
});
el.projectForm.addEventListener('submit', async e => {
    e.preventDefault();
    const name = el.projectName.value.trim();
    if (!name) {
        showError('Give the project a name.');
        el.projectName.focus();
        return;
    }
    const project = await attempt(() => api.createProject(name));
    if (!project) return;
    clearError();
    state.projects.unshift(project);
    showProjectForm(false);
    await selectProject(project.id);
});
el.projectSelect.addEventListener('change', () => selectProject(el.projectSelect.value));

async function selectProject(projectId) {
    state.projectId = projectId;
    localStorage.setItem(projectKey(), projectId);
    renderProjects();
    const page = await attempt(() => api.sessions(projectId));
    if (!page || state.projectId !== projectId) return;
    state.sessions = page.items;
    const remembered = localStorage.getItem(sessionKey(projectId));
    const chosen = state.sessions.find(s => s.id === remembered) ?? state.sessions[0];
    await selectSession(chosen?.id ?? null);
}

// ---- sessions ----

function currentSession() {
    return state.sessions.find(s => s.id === state.sessionId) ?? null;
}

function renderSessions() {
    el.sessionSelect.replaceChildren(...state.sessions.map(s => new Option(s.name, s.id)));
    el.sessionSelect.value = state.sessionId ?? '';
    el.sessionRow.hidden = state.sessions.length === 0;
    const session = currentSession();
    document.title = session ? `${session.name} · Chat sessions` : 'Chat sessions';
}

/** Replaces a session in the list with a newer view of it, keeping the list most recently updated first. */
function updateSession(view) {
    const others = state.sessions.filter(s => s.id !== view.id);
    if (view.projectId === state.projectId) others.push(view);
    others.sort((a, b) => (b.updatedAt.localeCompare(a.updatedAt)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    state.sessions = others;
    renderSessions();
}

async function refreshSessions() {
    const projectId = state.projectId;
    const page = await attempt(() => api.sessions(projectId));
    if (!page || state.projectId !== projectId) return;
    state.sessions = page.items;
    renderSessions();
}

function showConversation(which) {
    el.noProject.hidden = which !== 'no-project';
    el.noSessions.hidden = which !== 'no-sessions';
    el.messages.hidden = which !== 'messages';
    el.composer.hidden = which !== 'messages';
}

async function selectSession(sessionId) {
    abortReply();
    cancelRename();
    state.sessionId = sessionId;
    state.cursor = null;
    const view = ++state.view;
    el.list.replaceChildren();
    renderSessions();
    renderComposer();
    if (!sessionId) {
        showConversation('no-sessions');
        return;
    }
    localStorage.setItem(sessionKey(state.projectId), sessionId);
    showConversation('messages');
    el.noMessages.hidden = true;
    const page = await attempt(() => api.messages(sessionId, null, PAGE_SIZE));
    if (!page || view !== state.view) return;
    prependPage(page);
    scrollToEnd();
    await attachIfReplying(view);
}

/** Puts a page (newest first) above what is shown, keeping what the user looks at in place. */
function prependPage(page) {
    const m = el.messages;
    const fromBottom = m.scrollHeight - m.scrollTop;
    for (const message of page.items) {
        el.list.prepend(messageItem(message));
    }
    m.scrollTop = m.scrollHeight - fromBottom;
    state.cursor = page.nextCursor;
    el.noMessages.hidden = el.list.children.length > 0;
}

/** Loads the next older page while the user scrolls towards the top of what is loaded. */
async function loadMore() {
    if (!state.cursor || state.loading) return;
    const view = state.view;
    state.loading = true;
    el.loadingMore.hidden = false;
    try {
        const page = await attempt(() => api.messages(state.sessionId, state.cursor, PAGE_SIZE));
        if (page && view === state.view) prependPage(page);
    } finally {
        state.loading = false;
        el.loadingMore.hidden = true;
    }
}

el.messages.addEventListener('scroll', () => {
    const m = el.messages;
    if (m.scrollTop < 120) loadMore();
});

el.sessionSelect.addEventListener('change', () => selectSession(el.sessionSelect.value));

async function createSession() {
    const session = await attempt(() => api.createSession(state.projectId));
    if (!session) return;
    clearError();
    updateSession(session);
    await selectSession(session.id);
    el.input.focus();
}

el.newChat.addEventListener('click', createSession);
el.createFirstChat.addEventListener('click', createSession);

/** The current session is gone (deleted in another tab or by another client): show what remains. */
async function forgetMissingSession() {
    cancelRename();
    await refreshSessions();
    await selectSession(state.sessions[0]?.id ?? null);
}

// rename, inline in the toolbar
el.renameChat.addEventListener('click', () => {
    const session = currentSession();
    if (!session) return;
    el.sessionRow.hidden = true;
    el.renameForm.hidden = false;
    el.renameInput.value = session.name;
    el.renameInput.focus();
    el.renameInput.select();
});

function cancelRename() {
    if (el.renameForm.hidden) return;
    el.renameForm.hidden = true;
    el.sessionRow.hidden = state.sessions.length === 0;
}

el.cancelRename.addEventListener('click', () => {
    cancelRename();
    el.renameChat.focus();
});
el.renameInput.addEventListener('keydown', e => {
    if (e.key === 'Escape') {
        e.preventDefault();
        cancelRename();
        el.renameChat.focus();
    }
});
el.renameForm.addEventListener('submit', async e => {
    e.preventDefault();
    const name = el.renameInput.value.trim();
    if (!name) {
        showError('A chat needs a name.');
        el.renameInput.focus();
        return;
    }
    let session;
    try {
        session = await api.renameSession(state.sessionId, name);
    } catch (error) {
        showError(error);
        if (error instanceof ApiError && error.status === 404) await forgetMissingSession();
        return;
    }
    clearError();
    cancelRename();
    updateSession(session);
    el.sessionSelect.focus();
});

// delete, after a confirmation
el.deleteChat.addEventListener('click', () => {
    const session = currentSession();
    if (!session) return;
    el.deleteName.textContent = session.name;
    el.deleteDialog.returnValue = '';
    el.deleteDialog.showModal();
});
el.deleteDialog.addEventListener('close', async () => {
    if (el.deleteDialog.returnValue !== 'delete') {
        el.deleteChat.focus();
        return;
    }
    const sessionId = state.sessionId;
    abortReply();
    try {
        await api.deleteSession(sessionId);
        clearError();
    } catch (error) {
        showError(error);
        if (!(error instanceof ApiError && error.status === 404)) return;
    }
    localStorage.removeItem(sessionKey(state.projectId));
    state.sessions = state.sessions.filter(s => s.id !== sessionId);
    await refreshSessions();
    await selectSession(state.sessions[0]?.id ?? null);
    (state.sessionId ? el.sessionSelect : el.createFirstChat).focus();
});

// ---- messages ----

const STATUS_NOTES = { stopped: 'Stopped', failed: 'Reply failed' };

function messageItem(message) {
    const item = document.createElement('li');
    item.className = `msg ${message.role}`;
    item.dataset.id = message.id ?? '';
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = message.role === 'user' ? 'You: ' : 'Assistant: ';
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = message.content;
    item.append(who, bubble);
    setStatus(item, message.status);
    return item;
}

function setStatus(item, status, detail) {
    item.dataset.status = status ?? '';
    item.querySelector('.note')?.remove();
    const label = STATUS_NOTES[status];
    if (!label) return;
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = detail ? `${label}: ${detail}` : label;
    item.append(note);
}

function nearEnd() {
    const m = el.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 80;
}

function scrollToEnd() {
    if (state.cursor) return; // newer messages are not loaded yet: stay where the reader is
    el.messages.scrollTop = el.messages.scrollHeight;
}

function renderComposer() {
    const replying = state.reply !== null;
    el.stop.hidden = !replying;
    el.send.hidden = replying;
    el.stop.disabled = Boolean(state.reply?.stopping);
}

function abortReply() {
    if (!state.reply) return;
    state.reply.controller.abort();
    state.reply = null;
    renderComposer();
}

/** An assistant bubble that fills as deltas arrive. */
function startReply(sessionId, text = '') {
    const item = messageItem({ role: 'assistant', content: text, status: 'streaming' });
    item.classList.add('streaming');
    item.setAttribute('aria-busy', 'true');
    el.list.append(item);
    el.noMessages.hidden = true;
    state.reply = { sessionId, controller: new AbortController(), item, text, saved: null, stopping: false };
    renderComposer();
    return state.reply;
}

/** Applies one event of a reply's stream to the page. */
function onReplyEvent(reply, name, data) {
    if (state.reply !== reply) return;
    const follow = nearEnd();
    switch (name) {
        case 'user-message': {
            const pending = el.list.querySelector('li.msg.user.pending');
            if (pending) {
                pending.classList.remove('pending');
                pending.dataset.id = data.id;
            }
            break;
        }
        case 'session':
            updateSession(data);
            break;
        case 'delta':
            reply.text += data.text ?? '';
            reply.item.querySelector('.bubble').textContent = reply.text;
            break;
        case 'assistant-message':
            reply.saved = data;
            reply.item.dataset.id = data.id;
            reply.item.querySelector('.bubble').textContent = data.content;
            finishItem(reply.item, data.status);
            break;
        case 'error':
            if (reply.saved?.status !== 'stopped') {
                finishItem(reply.item, 'failed', data?.detail || data?.title);
            }
            break;
        default:
            break;
    }
    if (follow) scrollToEnd();
}

function finishItem(item, status, detail) {
    item.classList.remove('streaming');
    item.removeAttribute('aria-busy');
    setStatus(item, status, detail);
}

/** After a stream ends, however it ended: show the saved state, refresh the dropdown's order. */
async function endReply(reply) {
    if (state.reply !== reply) return;
    state.reply = null;
    renderComposer();
    if (!reply.saved && reply.item.dataset.status === 'streaming') {
        // The stream broke before the reply was saved: show what the service saved.
        await reloadMessages();
    }
    await refreshSessions();
}

async function reloadMessages() {
    const view = ++state.view;
    const sessionId = state.sessionId;
    const page = await attempt(() => api.messages(sessionId, null, PAGE_SIZE));
    if (!page || view !== state.view) return;
    el.list.replaceChildren();
    prependPage(page);
    scrollToEnd();
}

/** On opening a session whose last message is the user's, follows the reply being generated for it. */
async function attachIfReplying(view) {
    const last = el.list.lastElementChild;
    if (!last || !last.classList.contains('user')) return;
    const sessionId = state.sessionId;
    const reply = startReply(sessionId);
    try {
        await api.follow(sessionId, (name, data) => onReplyEvent(reply, name, data), reply.controller.signal);
        await endReply(reply);
    } catch (error) {
        if (error?.name === 'AbortError') return;
        if (state.reply === reply) {
            reply.item.remove();
            state.reply = null;
            renderComposer();
        }
        if (error instanceof ApiError && error.status === 404) {
            // No reply runs: it ended between the two reads, so read again.
            if (view === state.view) await reloadMessages();
        } else {
            showError(error);
        }
    }
}

async function send() {
    const content = el.input.value;
    if (!content.trim()) {
        showError('Write a message first.');
        el.input.focus();
        return;
    }
    if (state.reply) return;
    clearError();
    const sessionId = state.sessionId;
    const mine = messageItem({ role: 'user', content, status: 'complete' });
    mine.classList.add('pending');
    el.list.append(mine);
    el.noMessages.hidden = true;
    el.input.value = '';
    const reply = startReply(sessionId);
    scrollToEnd();
    try {
        await api.ask(sessionId, content, (name, data) => onReplyEvent(reply, name, data), reply.controller.signal);
        await endReply(reply);
    } catch (error) {
        if (error?.name === 'AbortError') return;
        if (state.reply === reply) {
            state.reply = null;
            renderComposer();
        }
        if (mine.classList.contains('pending')) {
            // Not saved: give the text back so nothing typed is lost.
            mine.remove();
            reply.item.remove();
            if (!el.input.value) el.input.value = content;
            el.noMessages.hidden = el.list.children.length > 0;
        } else {
            finishItem(reply.item, 'failed', 'the connection broke; reload to see the saved reply');
        }
        showError(error);
    }
}

el.composer.addEventListener('submit', e => {
    e.preventDefault();
    send();
});
el.input.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send();
    }
});
el.stop.addEventListener('click', async () => {
    const reply = state.reply;
    if (!reply) return;
    reply.stopping = true;
    renderComposer();
    try {
        await api.stopReply(reply.sessionId);
    } catch (error) {
        // 404: the reply had already ended; its last events say how.
        if (!(error instanceof ApiError && error.status === 404)) showError(error);
        reply.stopping = false;
        renderComposer();
    }
    el.input.focus();
});

// ---- start ----

if (localStorage.getItem(TOKEN_KEY) && userOf(localStorage.getItem(TOKEN_KEY))) {
    start();
} else {
    showSignIn();
}
