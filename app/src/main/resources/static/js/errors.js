// What went wrong, said in words a user understands, with what to do next. No text here quotes an HTTP status:
// the status and the problem JSON only choose the sentence.

/** The sentence for a failed API call. `problem` is the service's problem JSON, when it sent one. */
export function requestErrorText(status, problem, retryAfter) {
    switch (status) {
        case 0:
            return 'The service cannot be reached. Check your connection and try again.';
        case 400:
        case 422:
            return invalidText(problem);
        case 401:
            return 'You are signed out. Sign in again to go on.';
        case 403:
            return 'Your account is not allowed to do this.';
        case 404:
            return 'This is gone: it was deleted, perhaps in another tab. The list shows what is left.';
        case 409:
            return 'The assistant is still answering in this chat. Wait for the answer or stop it, then try again.';
        case 413:
            return 'That is too large for the service. Send a shorter message or a smaller file.';
        case 429:
            return `You are going faster than the service allows. Wait ${waitText(retryAfter)} and try again.`;
        default:
            return status >= 500
                ? 'The service ran into a problem. Try again in a moment.'
                : 'That did not work. Try again.';
    }
}

/** The service's own words for a request it refused (its validation messages), or a general sentence. */
function invalidText(problem) {
    const errors = Array.isArray(problem?.errors) ? problem.errors : [];
    const detail = typeof problem?.detail === 'string' ? problem.detail.trim() : '';
    const said = errors.length
        ? errors.map(e => (e.field ? `${humanField(e.field)} ${e.message}` : e.message)).join('; ')
        : detail;
    return said ? `The service could not accept this: ${said}.`.replace(/\.\.$/, '.')
        : 'The service could not accept this. Check what you entered and try again.';
}

function humanField(field) {
    return { file: 'the file', name: 'the name', content: 'the message', q: 'the search' }[field] ?? field;
}

function waitText(retryAfter) {
    const seconds = Number.parseInt(retryAfter ?? '', 10);
    if (!Number.isFinite(seconds) || seconds <= 1) return 'a moment';
    return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** The sentence for a reply that failed, from its stream's `error` event (problem JSON). */
export function replyErrorText(problem) {
    const detail = String(problem?.detail ?? '');
    const status = Number(problem?.status ?? 0);
    if (status === 503 || problem?.title === 'No model configured') {
        return 'No assistant model is set up on this service. Ask whoever runs it to configure one.';
    }
    if (/reached its limit/.test(detail)) {
        return 'The reply reached the longest length allowed and was cut off there. Ask for the rest in a new message.';
    }
    if (/took longer than its limit/.test(detail)) {
        return 'The reply took longer than allowed and was cut off there. Ask for the rest in a new message.';
    }
    if (status === 504 || /sent nothing|stopped sending/.test(detail)) {
        return 'The model stopped answering. It may be busy: regenerate the reply in a moment.';
    }
    if (/answered 429/.test(detail)) {
        return 'The model is limiting how fast it is asked. Wait a minute, then regenerate the reply.';
    }
    if (/answered 40[13]/.test(detail)) {
        return 'The model refused the service\'s key. Ask whoever runs the service to check it.';
    }
    if (/Could not reach the model/.test(detail)) {
        return 'The model cannot be reached right now. Try again in a moment.';
    }
    if (/answered/.test(detail)) {
        return 'The model refused to answer. Try again, or rephrase your message.';
    }
    if (/could not be saved/.test(detail)) {
        return 'The reply could not be saved completely; what arrived is kept. Regenerate it to try again.';
    }
    return 'The model broke off its reply. What arrived is kept; regenerate the reply to try again.';
}
