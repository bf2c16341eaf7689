/** Bytes read from the start of a file, as text a person can read: decoded, checked, and JSON laid out. */

/**
 * Whether the bytes are not text. UTF-8 text never holds a NUL byte and nearly every binary format does
 * within its first kilobytes; git and file(1) decide the same way. (UTF-16 text has NULs too, and is called
 * binary: model folders do not use it.)
 */
export function looksBinary(bytes: Uint8Array): boolean {
	return bytes.includes(0);
}

/**
 * UTF-8 with U+FFFD for bytes that are not UTF-8; `replaced` says whether any were. `cut` says the bytes
 * stop inside the file, so a character split at the end is left out rather than shown as U+FFFD.
 */
export function decodeText(bytes: Uint8Array, cut: boolean): { text: string; replaced: boolean } {
	try {
		return {
			text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut }),
			replaced: false
		};
	} catch {
		// Not UTF-8 throughout (Latin-1, say): still shown, with a note that some characters are replaced.
		return { text: new TextDecoder('utf-8').decode(bytes, { stream: cut }), replaced: true };
	}
}

const INDENT = '  ';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Valid JSON laid out two spaces to a level. It re-indents the text rather than printing what
 * `JSON.parse` gives back, because that would show numbers as a double holds them: `1.0` as `1`,
 * `12345678901234567890` as `12345678901234567000`, and a preview must show what the file says.
 * Call it only on text `JSON.parse` accepted.
 */
export function reindentJson(json: string): string {
	const out: string[] = [];
	let depth = 0;
	let i = 0;
	const nextToken = (from: number) => {
		while (from < json.length && isSpace(json.charAt(from))) from++;
		return from;
	};
	const newline = () => out.push('\n', INDENT.repeat(depth));
	while (i < json.length) {
		const c = json.charAt(i);
		if (c === '"') {
			// A string is copied whole; a backslash escapes the character after it, a quote among them.
			let end = i + 1;
			while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
			out.push(json.slice(i, end + 1));
			i = end + 1;
			continue;
		}
		if (c === '{' || c === '[') {
			const next = nextToken(i + 1);
			if (json[next] === (c === '{' ? '}' : ']')) {
				out.push(c, json.charAt(next));
				i = next + 1;
				continue;
			}
			out.push(c);
			depth++;
			newline();
		} else if (c === '}' || c === ']') {
			depth--;
			newline();
			out.push(c);
		} else if (c === ',') {
			out.push(c);
			newline();
		} else if (c === ':') {
			out.push(': ');
		} else if (!isSpace(c)) {
			out.push(c);
		}
		i++;
	}
	return out.join('');
}
