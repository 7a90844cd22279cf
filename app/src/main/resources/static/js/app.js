// The chat page: sign in, pick a project, find a chat in the sidebar, talk to the assistant.
// Opening or reloading the page never creates a session: only "New chat" (and branching) does.
import { Api, ApiError } from './api.js';
import { replyErrorText } from './errors.js';
import { iconButton } from './icons.js';
import { copyText, renderMarkdown } from './markdown.js';

const PAGE_SIZE = 50;
const TOKEN_KEY = 'chat.token';
const NARROW = matchMedia('(max-width: 760px)');

const $ = id => document.getElementById(id);
const el = {
    who: $('who'), whoName: $('who-name'), signOut: $('sign-out'), toggleSidebar: $('toggle-sidebar'),
    banner: $('error-banner'), errorText: $('error-text'), errorClose: $('error-close'), announcer: $('announcer'),
    signInView: $('sign-in-view'), signInForm: $('sign-in-form'), userName: $('user-name'),
    tokenDetails: $('token-details'), tokenForm: $('token-form'), tokenInput: $('token-input'),
    chatView: $('chat-view'), sidebar: $('sidebar'), scrim: $('scrim'),
    projectRow: $('project-row'), projectSelect: $('project-select'), newProject: $('new-project'),
    projectForm: $('project-form'), projectName: $('project-name'), cancelProject: $('cancel-project'),
    sideTools: $('side-tools'), newChat: $('new-chat'), searchForm: $('search-form'), searchInput: $('search-input'),
    searchResults: $('search-results'), resultList: $('result-list'), noResults: $('no-results'),
    sessionsPane: $('sessions-pane'), listTitle: $('list-title'), toggleArchived: $('toggle-archived'),
    noArchived: $('no-archived'), sessionList: $('session-list'), sessionsLoading: $('sessions-loading'),
    importFile: $('import-file'),
    chatHead: $('chat-head'), chatTitle: $('chat-title'), exportMd: $('export-md'), exportJson: $('export-json'),
    noProject: $('no-project'), noSessions: $('no-sessions'), createFirstChat: $('create-first-chat'),
    messages: $('messages'), noMessages: $('no-messages'), list: $('message-list'), loadingMore: $('loading-more'),
    composer: $('composer'), input: $('message-input'), send: $('send'), stop: $('stop'),
    deleteDialog: $('delete-dialog'), deleteName: $('delete-name'),
};

const state = {
    user: null,
    projects: [],
    projectId: null,
    sessions: [],          // the loaded part of the sidebar's list, in its order
    sessionsCursor: null,  // where the next page of the list starts; null once all are loaded
    sessionsDone: false,
    loadingSessions: false,
    archivedView: false,   // the sidebar lists archived chats instead of the others
    listVersion: 0,        // bumped when the list starts over, so late pages of an old list are dropped
    renaming: null,        // id of the session being renamed inline
    deleting: null,        // the session the delete dialog asks about
    sessionId: null,
    current: null,         // SessionView of the open chat (it need not be in the loaded list)
    cursor: null,          // nextCursor of the oldest loaded page of messages; null when all are loaded
    loading: false,
    reply: null,           // {sessionId, controller, item, text, saved, stopping, lastEventId, userMessageId}
    view: 0,               // bumped on every chat switch, so late answers for an old view are dropped
    live: null,            // {projectId, controller, lastEventId} of the project's change stream
    search: { timer: 0, seq: 0 },
};

const api = new Api(() => localStorage.getItem(TOKEN_KEY), () => {
    signOut();
    showError('You are signed out (your sign-in expired or was revoked). Sign in again to go on.');
});

// ---- messages to the user ----

function showError(error) {
    if (error?.name === 'AbortError') return;
    const text = error instanceof ApiError ? error.message
        : typeof error === 'string' ? error : 'Something went wrong on this page. Reload it and try again.';
    if (!(error instanceof ApiError) && typeof error !== 'string') console.error(error);
    el.errorText.textContent = text;
    el.banner.hidden = false;
}

function clearError() {
    el.banner.hidden = true;
    el.errorText.textContent = '';
}

/** Says something to screen readers (and nothing on screen). */
function announce(text) {
    el.announcer.textContent = '';
    requestAnimationFrame(() => { el.announcer.textContent = text; });
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

const isGone = error => error instanceof ApiError && error.status === 404;

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
    stopLive();
    localStorage.removeItem(TOKEN_KEY);
    Object.assign(state, { user: null, projects: [], sessions: [], projectId: null, sessionId: null, current: null });
    showSignIn();
}

function showSignIn() {
    el.chatView.hidden = true;
    el.who.hidden = true;
    el.toggleSidebar.hidden = true;
    el.signInView.hidden = false;
    document.title = 'Chat sessions';
    el.userName.focus();
}

async function signIn(token) {
    if (!userOf(token)) {
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
        if (isGone(error)) {
            showError('This server does not hand out local sign-ins: sign in with a token from your identity provider.');
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
    el.toggleSidebar.hidden = false;
    el.whoName.textContent = state.user;
    layoutSidebar();
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
    el.sideTools.hidden = !state.projectId;
    el.sessionsPane.hidden = !state.projectId;
}

function showProjectForm(show) {
    el.projectForm.hidden = !show;
    el.cancelProject.hidden = state.projects.length === 0;
    if (show) {
        openSidebar(true);
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
    clearSearch();
    startLive(projectId);
    state.archivedView = false;
    await loadSessions();
    if (state.projectId !== projectId) return;
    const remembered = localStorage.getItem(sessionKey(projectId));
    let chosen = state.sessions.find(s => s.id === remembered) ?? null;
    if (!chosen && remembered) {
        chosen = await api.session(remembered).catch(() => null);
    }
    chosen ??= state.sessions[0] ?? null;
    await selectSession(chosen?.id ?? null, chosen);
}

// ---- the sidebar's list of chats ----

/** Pinned first, then most recently updated, ties by id: the order of the list the service gives. */
function listOrder(a, b) {
    return (Number(b.pinned) - Number(a.pinned)) || b.updatedAt.localeCompare(a.updatedAt)
        || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Starts the list over from its first page. */
async function loadSessions() {
    state.listVersion++;
    state.sessions = [];
    state.sessionsCursor = null;
    state.sessionsDone = false;
    state.loadingSessions = false;
    renderSessions();
    await loadMoreSessions();
}

/** Loads the next page of the list, and more while its end is in sight: no limit on how many. */
async function loadMoreSessions() {
    if (state.sessionsDone || state.loadingSessions || !state.projectId) return;
    const version = state.listVersion;
    state.loadingSessions = true;
    el.sessionsLoading.hidden = false;
    try {
        const page = await attempt(() => api.sessions(state.projectId, {
            archived: state.archivedView, cursor: state.sessionsCursor, limit: PAGE_SIZE,
        }));
        if (!page || version !== state.listVersion) return;
        const known = new Set(state.sessions.map(s => s.id));
        state.sessions.push(...page.items.filter(s => !known.has(s.id)));
        state.sessionsCursor = page.nextCursor;
        state.sessionsDone = !page.nextCursor;
        renderSessions();
    } finally {
        if (version === state.listVersion) {
            state.loadingSessions = false;
            el.sessionsLoading.hidden = true;
        }
    }
    if (version === state.listVersion && listEndInSight()) await loadMoreSessions();
}

function listEndInSight() {
    const pane = el.sessionsPane;
    return !state.sessionsDone && pane.scrollHeight - pane.scrollTop - pane.clientHeight < 200;
}

el.sessionsPane.addEventListener('scroll', () => {
    if (listEndInSight()) loadMoreSessions();
});

function renderSessions() {
    const focused = document.activeElement?.closest?.('#session-list li');
    const focusKey = focused && [focused.dataset.id, document.activeElement.dataset.action];
    el.sessionList.replaceChildren(...state.sessions.map(sessionItem));
    el.listTitle.textContent = state.archivedView ? 'Archived chats' : 'Chats';
    el.toggleArchived.textContent = state.archivedView ? 'Back to chats' : 'Archived';
    el.toggleArchived.setAttribute('aria-pressed', String(state.archivedView));
    el.noArchived.hidden = !(state.archivedView && state.sessionsDone && state.sessions.length === 0);
    if (focusKey) {
        const item = el.sessionList.querySelector(`li[data-id="${focusKey[0]}"]`);
        item?.querySelector(`[data-action="${focusKey[1]}"]`)?.focus();
    }
    renderHead();
}

function sessionItem(session) {
    const item = document.createElement('li');
    item.className = 'session';
    item.dataset.id = session.id;
    item.classList.toggle('pinned', session.pinned);
    if (session.id === state.renaming) {
        item.append(renameForm(session));
        return item;
    }
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'open';
    open.dataset.action = 'open';
    open.textContent = session.name;
    if (session.id === state.sessionId) open.setAttribute('aria-current', 'true');
    const actions = document.createElement('div');
    actions.className = 'item-actions';
    const pin = iconButton('pin', session.pinned ? `Unpin “${session.name}”` : `Pin “${session.name}”`, 'pin');
    pin.setAttribute('aria-pressed', String(session.pinned));
    actions.append(
        pin,
        iconButton('edit', `Rename “${session.name}”`, 'rename'),
        iconButton('archive', session.archived ? `Unarchive “${session.name}”` : `Archive “${session.name}”`,
                   'archive'),
        iconButton('trash', `Delete “${session.name}”`, 'delete'));
    item.append(open, actions);
    return item;
}

function renameForm(session) {
    const form = document.createElement('form');
    form.className = 'rename';
    form.noValidate = true;
    const input = document.createElement('input');
    input.value = session.name;
    input.maxLength = 200;
    input.className = 'rename-input';
    input.setAttribute('aria-label', 'Chat name');
    const save = document.createElement('button');
    save.type = 'submit';
    save.className = 'primary';
    save.textContent = 'Save';
    form.append(input, save);
    form.addEventListener('submit', async e => {
        e.preventDefault();
        await rename(session.id, input.value.trim());
    });
    input.addEventListener('keydown', e => {
        if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            stopRenaming(session.id);
        }
    });
    queueMicrotask(() => {
        input.focus();
        input.select();
    });
    return form;
}

function stopRenaming(sessionId) {
    state.renaming = null;
    renderSessions();
    el.sessionList.querySelector(`li[data-id="${sessionId}"] [data-action="rename"]`)?.focus();
}

async function rename(sessionId, name) {
    if (!name) {
        showError('A chat needs a name.');
        return;
    }
    try {
        applySession(await api.updateSession(sessionId, { name }));
        clearError();
        stopRenaming(sessionId);
    } catch (error) {
        showError(error);
        if (isGone(error)) forget(sessionId);
    }
}

/** Takes in a newer view of a session (from an answer or the live stream), wherever the page shows it. */
function applySession(view) {
    if (view.projectId !== state.projectId) return;
    if (view.id === state.sessionId) state.current = view;
    const index = state.sessions.findIndex(s => s.id === view.id);
    const others = index < 0 ? state.sessions : state.sessions.filter(s => s.id !== view.id);
    const belongs = view.archived === state.archivedView;
    // A chat past the loaded part of the list comes in with the page that holds it, not before.
    const last = others[others.length - 1];
    const inLoadedPart = state.sessionsDone || !last || listOrder(view, last) < 0;
    state.sessions = belongs && (index >= 0 || inLoadedPart) ? [...others, view].sort(listOrder) : others;
    renderSessions();
}

/** A session was deleted (here, in another tab, or by another client): it leaves the list and the view. */
async function forget(sessionId) {
    if (state.renaming === sessionId) state.renaming = null;
    state.sessions = state.sessions.filter(s => s.id !== sessionId);
    renderSessions();
    if (state.sessionId === sessionId) {
        localStorage.removeItem(sessionKey(state.projectId));
        const next = state.sessions[0] ?? null;
        await selectSession(next?.id ?? null, next);
    }
}

el.sessionList.addEventListener('click', async e => {
    const button = e.target.closest('button[data-action]');
    const item = e.target.closest('li.session');
    if (!button || !item) return;
    const session = state.sessions.find(s => s.id === item.dataset.id);
    if (!session) return;
    switch (button.dataset.action) {
        case 'open':
            await selectSession(session.id, session);
            closeSidebarOnNarrow();
            el.input.focus();
            break;
        case 'pin':
            await changeFlag(session, { pinned: !session.pinned },
                             session.pinned ? `Unpinned “${session.name}”` : `Pinned “${session.name}”`);
            break;
        case 'archive':
            await changeFlag(session, { archived: !session.archived },
                             session.archived ? `“${session.name}” is back in the chats`
                                 : `“${session.name}” moved to the archived chats`);
            break;
        case 'rename':
            state.renaming = session.id;
            renderSessions();
            break;
        case 'delete':
            askDelete(session);
            break;
        default:
            break;
    }
});

async function changeFlag(session, change, done) {
    try {
        applySession(await api.updateSession(session.id, change));
        clearError();
        announce(done);
    } catch (error) {
        showError(error);
        if (isGone(error)) await forget(session.id);
    }
}

el.toggleArchived.addEventListener('click', async () => {
    state.archivedView = !state.archivedView;
    clearSearch();
    await loadSessions();
    el.toggleArchived.focus();
});

// delete, after a confirmation
function askDelete(session) {
    state.deleting = session;
    el.deleteName.textContent = session.name;
    el.deleteDialog.returnValue = '';
    el.deleteDialog.showModal();
}

el.deleteDialog.addEventListener('close', async () => {
    const session = state.deleting;
    state.deleting = null;
    if (!session) return;
    if (el.deleteDialog.returnValue !== 'delete') {
        el.sessionList.querySelector(`li[data-id="${session.id}"] [data-action="delete"]`)?.focus();
        return;
    }
    if (state.reply?.sessionId === session.id) abortReply();
    try {
        await api.deleteSession(session.id);
        clearError();
        announce(`Deleted “${session.name}”`);
    } catch (error) {
        showError(error);
        if (!isGone(error)) return;
    }
    await forget(session.id);
    (state.sessionId ? el.newChat : el.createFirstChat).focus();
});

// ---- new chats ----

async function createSession() {
    if (!state.projectId) return;
    const session = await attempt(() => api.createSession(state.projectId));
    if (!session) return;
    clearError();
    if (state.archivedView) {
        state.archivedView = false;
        await loadSessions();
    }
    applySession(session);
    await selectSession(session.id, session);
    closeSidebarOnNarrow();
    el.input.focus();
}

el.newChat.addEventListener('click', createSession);
el.createFirstChat.addEventListener('click', createSession);

// ---- search ----

function clearSearch() {
    el.searchInput.value = '';
    state.search.seq++;
    el.searchResults.hidden = true;
    el.sessionsPane.hidden = !state.projectId;
    el.resultList.replaceChildren();
}

el.searchInput.addEventListener('input', () => {
    clearTimeout(state.search.timer);
    state.search.timer = setTimeout(runSearch, 250);
});
el.searchForm.addEventListener('submit', e => {
    e.preventDefault();
    clearTimeout(state.search.timer);
    runSearch();
});
el.searchInput.addEventListener('keydown', e => {
    if (e.key === 'Escape' && el.searchInput.value) {
        e.preventDefault();
        e.stopPropagation();
        clearSearch();
    }
});

async function runSearch() {
    const q = el.searchInput.value.trim();
    const seq = ++state.search.seq;
    if (!q) {
        clearSearch();
        return;
    }
    const page = await attempt(() => api.search(state.projectId, q));
    if (!page || seq !== state.search.seq) return;
    el.resultList.replaceChildren(...page.items.map(resultItem));
    el.noResults.hidden = page.items.length > 0;
    el.searchResults.hidden = false;
    el.sessionsPane.hidden = true;
    announce(page.items.length ? `${page.items.length} chats found` : 'Nothing found');
}

function resultItem(result) {
    const item = document.createElement('li');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'result';
    const name = document.createElement('strong');
    name.textContent = result.session.name;
    open.append(name);
    if (result.session.archived) {
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = 'Archived';
        open.append(' ', tag);
    }
    const snippet = document.createElement('span');
    snippet.className = 'snippet';
    // The service marks the matching words with ** on either side: every odd part is a match.
    String(result.snippet ?? '').split('**').forEach((part, i) => {
        if (i % 2) {
            const mark = document.createElement('mark');
            mark.textContent = part;
            snippet.append(mark);
        } else {
            snippet.append(part);
        }
    });
    open.append(snippet);
    open.addEventListener('click', () => openResult(result));
    item.append(open);
    return item;
}

async function openResult(result) {
    await selectSession(result.session.id, result.session);
    closeSidebarOnNarrow();
    if (result.message) await reveal(result.message.id);
}

/** Scrolls to a message, loading older pages until it is there, and marks it for a moment. */
async function reveal(messageId) {
    const view = state.view;
    let item = el.list.querySelector(`li[data-id="${messageId}"]`);
    while (!item && state.cursor && view === state.view) {
        await loadMore();
        item = el.list.querySelector(`li[data-id="${messageId}"]`);
    }
    if (!item || view !== state.view) return;
    item.classList.add('found');
    item.tabIndex = -1;
    item.scrollIntoView({ block: 'center' });
    item.focus({ preventScroll: true });
    setTimeout(() => item.classList.remove('found'), 4000);
}

// ---- the open chat ----

function renderHead() {
    const session = state.current;
    el.chatHead.hidden = !session;
    el.chatTitle.textContent = session?.name ?? '';
    el.chatTitle.classList.toggle('archived', Boolean(session?.archived));
    document.title = session ? `${session.name} · Chat sessions` : 'Chat sessions';
}

function showConversation(which) {
    el.noProject.hidden = which !== 'no-project';
    el.noSessions.hidden = which !== 'no-sessions';
    el.messages.hidden = which !== 'messages';
    el.composer.hidden = which !== 'messages';
}

async function selectSession(sessionId, view = null) {
    abortReply();
    state.sessionId = sessionId;
    state.current = view ?? state.sessions.find(s => s.id === sessionId) ?? null;
    state.cursor = null;
    const viewNumber = ++state.view;
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
    let page;
    try {
        page = await api.messages(sessionId, null, PAGE_SIZE);
    } catch (error) {
        showError(error);
        if (isGone(error) && viewNumber === state.view) await forget(sessionId);
        return;
    }
    if (viewNumber !== state.view) return;
    prependPage(page);
    scrollToEnd();
    await attachIfReplying(viewNumber);
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
    markLastReply();
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
    if (el.messages.scrollTop < 120) loadMore();
});

/** The highest seq shown: how far the page is with the chat. */
function shownSeq() {
    let seq = 0;
    for (const item of el.list.children) seq = Math.max(seq, Number(item.dataset.seq || 0));
    return seq;
}

// ---- export and import ----

async function exportAs(format) {
    const download = await attempt(() => api.exportSession(state.sessionId, format));
    if (!download) return;
    const url = URL.createObjectURL(download.blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = download.fileName;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    announce(`Downloaded ${download.fileName}`);
}

el.exportMd.addEventListener('click', () => exportAs('markdown'));
el.exportJson.addEventListener('click', () => exportAs('json'));

el.importFile.addEventListener('change', async () => {
    const file = el.importFile.files[0];
    el.importFile.value = '';
    if (!file || !state.projectId) return;
    const result = await attempt(() => api.importFile(state.projectId, file));
    if (!result) return;
    clearError();
    const skipped = result.skipped ? `; ${result.skipped} already here were skipped` : '';
    announce(`Imported ${result.imported} chats${skipped}`);
    state.archivedView = false;
    clearSearch();
    await loadSessions();
    const first = result.sessions[0];
    if (first) {
        await selectSession(first.id, first);
        closeSidebarOnNarrow();
    } else {
        showError(`Nothing new to import: the ${result.skipped} chats of this file are already in this project.`);
    }
});

// ---- messages ----

function messageItem(message) {
    const item = document.createElement('li');
    item.className = `msg ${message.role}`;
    item.dataset.id = message.id ?? '';
    item.dataset.seq = message.seq ?? '';
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = message.role === 'user' ? 'You: ' : 'Assistant: ';
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    item.append(who, bubble);
    setContent(item, message.content);
    setStatus(item, message.status);
    item.append(messageActions(message));
    setFeedback(item, message.feedback?.rating ?? null);
    return item;
}

/** User messages as typed (text, never markup); assistant messages rendered from Markdown. */
function setContent(item, text) {
    item.dataset.text = text;
    const bubble = item.querySelector('.bubble');
    if (item.classList.contains('user')) bubble.textContent = text;
    else renderMarkdown(bubble, text);
}

function messageActions(message) {
    const actions = document.createElement('div');
    actions.className = 'msg-actions';
    actions.append(iconButton('copy', 'Copy the message', 'copy'));
    if (message.role === 'assistant') {
        actions.append(iconButton('up', 'Good answer', 'up'), iconButton('down', 'Bad answer', 'down'),
                       iconButton('branch', 'Branch from here', 'branch'),
                       iconButton('regenerate', 'Regenerate the reply', 'regenerate'));
    } else {
        actions.append(iconButton('edit', 'Edit and resend', 'edit'),
                       iconButton('branch', 'Branch from here', 'branch'));
    }
    return actions;
}

function setFeedback(item, rating) {
    item.dataset.rating = rating ?? '';
    for (const kind of ['up', 'down']) {
        item.querySelector(`[data-action="${kind}"]`)?.setAttribute('aria-pressed', String(rating === kind));
    }
}

/** Only the last reply of a chat can be regenerated, and not while a reply runs. */
function markLastReply() {
    const items = [...el.list.querySelectorAll('li.msg')];
    const last = items[items.length - 1];
    for (const item of items) {
        const regenerate = item.querySelector('[data-action="regenerate"]');
        if (regenerate) regenerate.hidden = item !== last || Boolean(state.reply) || !item.dataset.seq;
    }
    for (const item of items) {
        for (const button of item.querySelectorAll('.msg-actions button')) {
            if (button.dataset.action !== 'copy') button.disabled = !item.dataset.seq;
        }
    }
}

const STATUS_NOTES = { stopped: 'Stopped', failed: 'Reply failed' };

function setStatus(item, status, detail) {
    item.dataset.status = status ?? '';
    item.querySelector('.note')?.remove();
    const label = STATUS_NOTES[status];
    if (!label) return;
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = detail ? `${label}: ${detail}` : label;
    item.querySelector('.bubble').after(note);
}

el.list.addEventListener('click', async e => {
    const target = e.target.closest('button');
    const item = e.target.closest('li.msg');
    if (!target || !item) return;
    if (target.dataset.copy === 'code') {
        const copied = await copyText(target.parentElement.querySelector('code')?.textContent ?? '');
        flashCopied(target, copied, 'Copy code');
        return;
    }
    switch (target.dataset.action) {
        case 'copy':
            flashCopied(target, await copyText(item.dataset.text ?? ''));
            break;
        case 'up':
        case 'down':
            await rate(item, item.dataset.rating === target.dataset.action ? null : target.dataset.action);
            break;
        case 'branch':
            await branchAt(Number(item.dataset.seq));
            break;
        case 'edit':
            editMessage(item);
            break;
        case 'regenerate':
            await regenerate();
            break;
        default:
            break;
    }
});

function flashCopied(button, copied, label) {
    if (!copied) {
        showError('The browser did not allow copying. Select the text and copy it by hand.');
        return;
    }
    announce('Copied');
    button.classList.add('copied');
    if (label) button.textContent = 'Copied';
    setTimeout(() => {
        button.classList.remove('copied');
        if (label) button.textContent = label;
    }, 1500);
}

async function rate(item, rating) {
    try {
        const saved = await api.rate(state.sessionId, item.dataset.id, rating);
        setFeedback(item, saved?.feedback?.rating ?? null);
        clearError();
        announce(rating ? 'Thanks for the feedback' : 'Feedback removed');
    } catch (error) {
        showError(error);
    }
}

/**
 * Branching, editing and regenerating never change a chat's past: messages are immutable events. Each makes a
 * fork, a new chat holding copies of the messages up to a point, and goes on there; the original stays as it was.
 */
async function branchAt(upToSeq) {
    const fork = await attempt(() => api.fork(state.sessionId, upToSeq));
    if (!fork) return null;
    clearError();
    applySession(fork);
    await selectSession(fork.id, fork);
    announce(`Opened “${fork.name}”, a branch of the chat`);
    el.input.focus();
    return fork;
}

/** Sends `content` in a branch holding the messages before `seq` (a new empty chat when there are none). */
async function resendAsBranch(seq, content) {
    if (state.reply) return;
    let session;
    if (seq > 1) {
        session = await branchAt(seq - 1);
    } else {
        session = await attempt(() => api.createSession(state.projectId));
        if (session) {
            applySession(session);
            await selectSession(session.id, session);
        }
    }
    if (session) await send(content);
}

function editMessage(item) {
    if (item.querySelector('form.edit-form')) return;
    const form = document.createElement('form');
    form.className = 'edit-form';
    form.noValidate = true;
    const area = document.createElement('textarea');
    area.value = item.dataset.text;
    area.rows = Math.min(10, area.value.split('\n').length + 1);
    area.setAttribute('aria-label', 'Edited message');
    const buttons = document.createElement('div');
    buttons.className = 'row';
    const sendButton = document.createElement('button');
    sendButton.type = 'submit';
    sendButton.className = 'primary';
    sendButton.textContent = 'Send in a new branch';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    buttons.append(sendButton, cancel);
    form.append(area, buttons);
    item.querySelector('.bubble').after(form);
    area.focus();
    const close = () => {
        form.remove();
        item.querySelector('[data-action="edit"]')?.focus();
    };
    cancel.addEventListener('click', close);
    area.addEventListener('keydown', e => {
        if (e.key === 'Escape') close();
    });
    form.addEventListener('submit', async e => {
        e.preventDefault();
        if (!area.value.trim()) {
            showError('Write a message first.');
            return;
        }
        await resendAsBranch(Number(item.dataset.seq), area.value);
    });
}

async function regenerate() {
    const users = el.list.querySelectorAll('li.msg.user');
    const lastUser = users[users.length - 1];
    if (!lastUser?.dataset.seq) return;
    await resendAsBranch(Number(lastUser.dataset.seq), lastUser.dataset.text);
}

// ---- replies ----

function nearEnd() {
    const m = el.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 80;
}

function scrollToEnd() {
    if (state.cursor && el.list.children.length > PAGE_SIZE) return;
    el.messages.scrollTop = el.messages.scrollHeight;
}

function renderComposer() {
    const replying = state.reply !== null;
    el.stop.hidden = !replying;
    el.send.hidden = replying;
    el.stop.disabled = Boolean(state.reply?.stopping);
    markLastReply();
}

function abortReply() {
    if (!state.reply) return;
    state.reply.controller.abort();
    state.reply = null;
    renderComposer();
}

/** Where a reply stood, kept for this tab, so that a reload resumes it after its last event seen. */
const replyKey = sessionId => `chat.reply.${sessionId}`;

function keepProgress(reply) {
    if (!reply.lastEventId || !reply.userMessageId) return;
    sessionStorage.setItem(replyKey(reply.sessionId), JSON.stringify({
        userMessageId: reply.userMessageId, lastEventId: reply.lastEventId, text: reply.text,
    }));
}

function keptProgress(sessionId, userMessageId) {
    try {
        const kept = JSON.parse(sessionStorage.getItem(replyKey(sessionId)) ?? 'null');
        return kept?.userMessageId === userMessageId ? kept : null;
    } catch {
        return null;
    }
}

/** An assistant bubble that fills as deltas arrive. */
function startReply(sessionId, userMessageId = null, kept = null) {
    const item = messageItem({ role: 'assistant', content: kept?.text ?? '', status: 'streaming' });
    item.classList.add('streaming');
    item.setAttribute('aria-busy', 'true');
    el.list.append(item);
    el.noMessages.hidden = true;
    state.reply = {
        sessionId, controller: new AbortController(), item, text: kept?.text ?? '', saved: null, stopping: false,
        lastEventId: kept?.lastEventId ?? null, userMessageId, frame: 0,
    };
    renderComposer();
    return state.reply;
}

/** Renders the reply's text at most once a frame while it streams. */
function paintReply(reply) {
    if (reply.frame) return;
    reply.frame = requestAnimationFrame(() => {
        reply.frame = 0;
        if (reply.saved) return;
        const follow = nearEnd();
        setContent(reply.item, reply.text);
        if (follow) scrollToEnd();
    });
}

/** Applies one event of a reply's stream to the page. */
function onReplyEvent(reply, name, data, id) {
    if (state.reply !== reply) return;
    const follow = nearEnd();
    switch (name) {
        case 'user-message': {
            const pending = el.list.querySelector('li.msg.user.pending');
            if (pending) {
                pending.replaceWith(messageItem(data));
            }
            reply.userMessageId = data.id;
            break;
        }
        case 'session':
            applySession(data);
            break;
        case 'delta': {
            // The id says where the delta ends in the reply: text the page already has is never added twice.
            const end = Number(String(id ?? '').split(':').pop());
            const piece = data.text ?? '';
            reply.text = Number.isInteger(end) && end >= piece.length
                ? reply.text.slice(0, end - piece.length) + piece
                : reply.text + piece;
            paintReply(reply);
            break;
        }
        case 'assistant-message': {
            reply.saved = data;
            const saved = messageItem(data);
            reply.item.replaceWith(saved);
            reply.item = saved;
            sessionStorage.removeItem(replyKey(reply.sessionId));
            break;
        }
        case 'error':
            sessionStorage.removeItem(replyKey(reply.sessionId));
            if (reply.saved?.status !== 'stopped') {
                if (!reply.saved) setContent(reply.item, reply.text);
                finishItem(reply.item, 'failed', replyErrorText(data));
            }
            break;
        default:
            break;
    }
    if (id) {
        reply.lastEventId = id;
        if (name === 'delta' || name === 'user-message') keepProgress(reply);
    }
    if (follow) scrollToEnd();
}

function finishItem(item, status, detail) {
    item.classList.remove('streaming');
    item.removeAttribute('aria-busy');
    setStatus(item, status, detail);
}

/** After a stream ends, however it ended: show the saved state. */
async function endReply(reply) {
    if (state.reply !== reply) return;
    state.reply = null;
    renderComposer();
    if (!reply.saved && reply.item.dataset.status === 'streaming') {
        // The stream ended before the reply was saved: show what the service saved.
        await reloadMessages();
    }
}

/** Follows the reply after the last event this page saw, again and again while the connection drops. */
async function resume(reply) {
    for (let attempt = 0; attempt < 6 && state.reply === reply; attempt++) {
        try {
            await api.follow(reply.sessionId, (name, data, id) => onReplyEvent(reply, name, data, id),
                             reply.controller.signal, reply.lastEventId);
            await endReply(reply);
            return;
        } catch (error) {
            if (error?.name === 'AbortError') return;
            if (isGone(error)) {
                // No reply runs any more: it was saved meanwhile.
                if (state.reply === reply) {
                    state.reply = null;
                    renderComposer();
                    await reloadMessages();
                }
                return;
            }
            if (!(error instanceof ApiError) || error.status !== 0) {
                if (state.reply === reply) {
                    state.reply = null;
                    renderComposer();
                }
                showError(error);
                return;
            }
            await new Promise(done => setTimeout(done, 500 * 2 ** attempt));
        }
    }
    if (state.reply === reply) {
        state.reply = null;
        renderComposer();
        finishItem(reply.item, 'failed', 'The connection to the service broke. Reload the page to see the reply.');
    }
}

async function reloadMessages() {
    const view = ++state.view;
    const sessionId = state.sessionId;
    const page = await attempt(() => api.messages(sessionId, null, PAGE_SIZE));
    if (!page || view !== state.view) return;
    el.list.replaceChildren();
    prependPage(page);
    scrollToEnd();
    await attachIfReplying(view);
}

/** On opening a chat whose last message is the user's, follows the reply being written for it. */
async function attachIfReplying(view) {
    const last = el.list.lastElementChild;
    if (!last || !last.classList.contains('user') || view !== state.view || state.reply) return;
    const sessionId = state.sessionId;
    const kept = keptProgress(sessionId, last.dataset.id);
    const reply = startReply(sessionId, last.dataset.id, kept);
    try {
        await api.follow(sessionId, (name, data, id) => onReplyEvent(reply, name, data, id),
                         reply.controller.signal, kept?.lastEventId);
        await endReply(reply);
    } catch (error) {
        if (error?.name === 'AbortError') return;
        if (state.reply === reply) {
            reply.item.remove();
            state.reply = null;
            renderComposer();
        }
        sessionStorage.removeItem(replyKey(sessionId));
        if (!isGone(error)) showError(error);
        else if (view === state.view && kept) await reloadMessages(); // it ended while the page was away
    }
}

async function send(content = el.input.value) {
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
    if (content === el.input.value) el.input.value = '';
    const reply = startReply(sessionId);
    scrollToEnd();
    try {
        await api.ask(sessionId, content, (name, data, id) => onReplyEvent(reply, name, data, id),
                      reply.controller.signal);
        await endReply(reply);
    } catch (error) {
        if (error?.name === 'AbortError') return;
        if (reply.userMessageId && error instanceof ApiError && error.status === 0) {
            await resume(reply); // saved, then the connection dropped: pick the reply up where it was
            return;
        }
        if (state.reply === reply) {
            state.reply = null;
            renderComposer();
        }
        if (!reply.userMessageId) {
            // Not saved: give the text back so nothing typed is lost.
            el.list.querySelector('li.msg.user.pending')?.remove();
            reply.item.remove();
            if (!el.input.value) el.input.value = content;
            el.noMessages.hidden = el.list.children.length > 0;
        } else {
            finishItem(reply.item, 'failed', 'The connection to the service broke. Reload the page to see the reply.');
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
        // Not found: the reply had already ended; its last events say how.
        if (!isGone(error)) showError(error);
        reply.stopping = false;
        renderComposer();
    }
    el.input.focus();
});

// ---- live: the project's changes made in other tabs and by other clients ----

function stopLive() {
    state.live?.controller.abort();
    state.live = null;
}

async function startLive(projectId) {
    stopLive();
    const live = { projectId, controller: new AbortController(), lastEventId: null };
    state.live = live;
    let failures = 0;
    while (state.live === live) {
        try {
            await api.live(projectId, (name, data, id) => {
                if (id) live.lastEventId = id;
                failures = 0;
                if (state.live === live) onLiveEvent(name, data);
            }, live.controller.signal, live.lastEventId);
        } catch (error) {
            if (error?.name === 'AbortError') return;
            if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return;
            failures++;
        }
        // The stream ends now and then (its maximum duration, a node stopping): go on after the last event.
        await new Promise(done => setTimeout(done, Math.min(10_000, 300 * 2 ** failures)));
    }
}

function onLiveEvent(name, data) {
    if (name === 'session-deleted') {
        if (state.sessions.some(s => s.id === data.id) || state.sessionId === data.id) forget(data.id);
        return;
    }
    if (name !== 'session') return;
    applySession(data);
    if (data.id === state.sessionId && !state.reply && data.messageCount > shownSeq()) {
        reloadMessages(); // messages written elsewhere: show them, and follow a reply being written
    }
}

// ---- layout: the sidebar folds away on narrow screens ----

function layoutSidebar() {
    const open = el.sidebar.classList.contains('open');
    el.sidebar.inert = NARROW.matches && !open;
    el.scrim.hidden = !(NARROW.matches && open);
    el.toggleSidebar.setAttribute('aria-expanded', String(!NARROW.matches || open));
    el.toggleSidebar.setAttribute('aria-label', open ? 'Hide the chats' : 'Show the chats');
}

function openSidebar(open) {
    el.sidebar.classList.toggle('open', open);
    layoutSidebar();
}

function closeSidebarOnNarrow() {
    if (NARROW.matches) openSidebar(false);
}

NARROW.addEventListener('change', layoutSidebar);
el.toggleSidebar.addEventListener('click', () => {
    const open = !el.sidebar.classList.contains('open');
    openSidebar(open);
    if (open) (el.sessionList.querySelector('[aria-current]') ?? el.newChat).focus();
});
el.scrim.addEventListener('click', () => openSidebar(false));

// ---- keyboard shortcuts: Ctrl+Shift+O new chat, Ctrl+K or / search, Escape closes the folded sidebar ----

document.addEventListener('keydown', e => {
    if (el.chatView.hidden || el.deleteDialog.open) return;
    const mod = e.ctrlKey || e.metaKey;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (mod && e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        createSession();
    } else if ((mod && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !mod)) {
        e.preventDefault();
        openSidebar(true);
        el.searchInput.focus();
        el.searchInput.select();
    } else if (e.key === 'Escape' && NARROW.matches && el.sidebar.classList.contains('open')) {
        openSidebar(false);
        el.toggleSidebar.focus();
    }
});

// ---- start ----

if (localStorage.getItem(TOKEN_KEY) && userOf(localStorage.getItem(TOKEN_KEY))) {
    start();
} else {
    showSignIn();
}
