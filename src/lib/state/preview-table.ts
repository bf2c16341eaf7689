/** The start of a CSV or TSV file as a table: a header row and a bounded number of rows under it. */
import Papa from 'papaparse';
import { TABLE_PREVIEW_ROWS } from './preview-kind';

export interface TablePreview {
	header: string[];
	rows: string[][];
	/** More rows follow than are shown: past the row limit, or past the bytes read. */
	moreRows: boolean;
}

/**
 * Parses `text` with Papa Parse (quoted fields, doubled quotes and line breaks inside quotes, as RFC 4180
 * has them). `cut` says the text stops inside the file: its last row may be cut short, so it is left out.
 */
export function parseTable(
	text: string,
	delimiter: ',' | '\t',
	cut: boolean,
	maxRows = TABLE_PREVIEW_ROWS
): TablePreview {
	// The header, the rows shown, and one more to know whether there are more; Papa Parse stops there.
	const wanted = maxRows + 2;
	const { data } = Papa.parse<string[]>(text, { delimiter, preview: wanted, skipEmptyLines: 'greedy' });
	// The last row of a cut text may stop mid-field or inside a quote the cut left open (Papa Parse returns
	// it all the same), so it goes, unless the row limit stopped the parse before the cut.
	const complete = cut && data.length < wanted ? data.slice(0, -1) : data;
	const [header = [], ...rows] = complete;
	return {
		header,
		rows: rows.slice(0, maxRows),
		moreRows: cut || rows.length > maxRows
	};
}
