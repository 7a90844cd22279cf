// Assistant messages as Markdown (CommonMark + GFM: tables, task lists, strikethrough) through marked, then
// DOMPurify, then highlight.js on code blocks. HTML written inside a message is shown as text, never parsed:
// the escaping renderer below is the first guard and the sanitizer the second, so no markup from a message runs.
const { marked, DOMPurify, hljs } = globalThis;

const escapeHtml = text => text.replace(/[&<>"']/g, c => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
})[c]);

const parser = new marked.Marked({
    gfm: true,
    breaks: false,
    renderer: {
        html(token) {
            return escapeHtml(token.text ?? token.raw ?? '');
        },
    },
});

DOMPurify.addHook('afterSanitizeAttributes', node => {
    if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
});

/** Fills `target` with the rendered Markdown of `text` (as much as has arrived while a reply streams). */
export function renderMarkdown(target, text) {
    const html = parser.parse(text, { async: false });
    target.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form'] });
    for (const box of target.querySelectorAll('input[type="checkbox"]')) {
        box.setAttribute('aria-label', box.checked ? 'Done' : 'Not done'); // a task list item's state
    }
    for (const code of target.querySelectorAll('pre > code')) {
        decorateCode(code);
    }
}

function decorateCode(code) {
    if (hljs) hljs.highlightElement(code); // the class language-x when the fence names one, else detected
    const pre = code.parentElement;
    pre.tabIndex = 0; // long lines scroll sideways: reachable by keyboard
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy-code';
    copy.textContent = 'Copy code';
    copy.dataset.copy = 'code';
    pre.prepend(copy);
}

/** Copies text to the clipboard; true when it worked. */
export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.className = 'visually-hidden';
        document.body.append(area);
        area.select();
        const done = document.execCommand('copy');
        area.remove();
        return done;
    }
}
