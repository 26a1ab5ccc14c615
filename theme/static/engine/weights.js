// Every weight, threshold and limit of the engine, in one place: the
// reasons are in docs/SEARCH.md and in the package documentation of
// internal/search. A number here that the Go side also knows (the index
// stores idf and coverage in thousandths) says so.

// Limits on what is considered, so that cost grows with the input but never
// without bound (a link with /?q= can carry anything).
export const LIMITS = {
  queryChars: 2000, // a query reads its first 2,000 characters
  queryTokens: 48, // and at most 48 words of them
  wordChars: 40, // a longer word is matched as written only: no typo, no compound
  lineChars: 1000, // a log line reads its first 1,000 characters
  lineTokens: 64, // and its last 64 words (its message comes last)
  logLines: 5000, // a pasted log reads its first 5,000 lines
  logTokens: 100_000, // and at most 100,000 words in all
  typoWords: 400, // words looked up for typos in a log, at most
  typoWordsPerLine: 8, // and in one line
};

// Ranking by words (rank.js).
export const TITLE_WEIGHT = 0.8; // a title is written cleanly, not pasted
export const FIELD_WEIGHT = 0.3; // tags, aliases and body text
export const RETIRED = 0.7; // a retired error ranks below a current one
// A field term's idf counts half of a message term's: the index stores idf
// in thousandths, so a field posting is divided by 1000 / FIELD_TERM_SHARE.
export const FIELD_TERM_SHARE = 0.5;
// A query of up to SHORT_QUERY words is typed, each word meant: the share
// of its weight a doc explains counts to the power SHORT_POWER; a longer
// one is a pasted line whose prefix and values no error explains: to the
// power LONG_POWER.
export const SHORT_QUERY = 4;
export const SHORT_POWER = 2;
export const LONG_POWER = 0.5;
// A term found with at least this similarity (as written, or one typo)
// may make a match strong (rest on a telling word); and a template of a
// long query, only when the query holds at least STRONG_COVERAGE of it.
export const TELLING_SIM = 0.8;
export const STRONG_COVERAGE = 0.5;
// Results below SCORE_CUT of the best score are left out.
export const SCORE_CUT = 0.1;
// Which words tell errors apart is the index's to say (meta.telling, an
// idf in thousandths: Go's tellingDocs), not a weight of the engine's.

// Expanding a query's words to index terms (expand.js), each with a
// similarity in (0, 1].
export const PREFIX_MIN = 2; // a word being typed expands to the terms it starts from this length
export const MAX_EXPANSIONS = 40; // and to at most this many of them
// A term the typed word starts: PREFIX_SIM + PREFIX_SPAN × (the share of
// the term typed).
export const PREFIX_SIM = 0.5;
export const PREFIX_SPAN = 0.45;
export const TYPO_SIM = 0.8; // a term one edit away
export const TYPO2_SIM = 0.65; // two edits away
export const COMPOUND_SIM = 0.9; // each half of a compound written as one word
export const JOINED_SIM = 0.95; // two words written apart that the index has as one
// Edits forgiven in a word: ONE_EDIT_FROM letters for one, TWO_EDITS_FROM
// for two; a shorter word only as a letter more or less (align.js).
export const ONE_EDIT_FROM = 4;
export const TWO_EDITS_FROM = 8;
// The "wide" search for a typo in a word's first letters looks in at most
// WIDE_SHARDS shards, whose keys are one edit from the word's first
// (at most WIDE_KEY_LETTERS) letters.
export const WIDE_SHARDS = 12;
export const WIDE_KEY_LETTERS = 5;

// Matching a line against a template (align.js): a missing word of fixed
// text costs SKIP, an empty placeholder EMPTY; typos cost their edit
// distance. A cost is thus typos + SKIP × skipped + EMPTY × empty.
export const SKIP = 100;
export const EMPTY = 10000;
// A line may have one typo per TYPO_WORDS words of a template, and one
// more (typoBudget); a near match, one more still.
export const TYPO_WORDS = 8;
// A near match may miss one word in SKIP_WORDS of a template of at least
// SKIP_MIN_TOKENS words (and at least one).
export const SKIP_WORDS = 6;
export const SKIP_MIN_TOKENS = 4;
// A near match needs a message of at least NEAR_MIN_TOKENS words ("bestaat
// niet" names nothing), and an empty inner placeholder one of at least
// EMPTY_INNER_MIN_TOKENS.
export const NEAR_MIN_TOKENS = 3;
export const EMPTY_INNER_MIN_TOKENS = 6;
// A near hit's specificity: its letters of fixed text less NEAR_SKIP_CHARS
// per word it missed (verify.js).
export const NEAR_SKIP_CHARS = 1000;
// At most this many anchored templates are aligned per line (verify.js).
export const CANDIDATE_CAP = 400;
// A template found in a customer's name is looked for again after it, at
// most this many times in all (verify.js).
export const NAME_RETRIES = 3;
// Brackets or quotes around a message hold a customer's name when they
// hold at most this many words (and no colon); more is a sentence, such
// as a quoted CSV cell (hits.js inName).
export const NAME_WORDS = 6;

/** typoBudget is how many typos a line may have in a template of n literal tokens. */
export const typoBudget = (n) => 1 + Math.floor(n / TYPO_WORDS);
/** skipBudget is how many of a template's n literal tokens a near match may miss. */
// templateKey is the one number of doc's template k (its own messages,
// then the derived ones): the index keeps at most 63 templates a doc
// (internal/search maxTemplates), so keys are unique and never 0.
export const templateKey = (doc, k) => doc * 64 + k + 1;
export const skipBudget = (n) => (n < SKIP_MIN_TOKENS ? 0 : Math.max(1, Math.floor(n / SKIP_WORDS)));

// "Nothing fits exactly" (rank.js nothingFits): a query of PASTED_WORDS
// words or more is a whole pasted line; one of MESSAGE_WORDS or more is a
// message, whose words the best result must all hold.
export const PASTED_WORDS = 6;
export const MESSAGE_WORDS = 3;

// A triage's hard time budget (triage.js): TRIAGE_MS for the whole paste
// plus TRIAGE_MS_PER_LINE per line read, counted while the engine works,
// not while it waits for the index's files or looks words up (LIMITS bound
// that work). When it is spent, the lines
// not yet judged are reported unmatched and the result says timedOut. A
// log takes far less (2,000 lines of 150 distinct random words, the worst
// a paste can hold, about 5 s on a loaded 2-core machine): the budget
// bounds what no test foresaw, such as a pattern that backtracks.
export const TRIAGE_MS = 2000;
export const TRIAGE_MS_PER_LINE = 4;

// A header of table columns (lines.js columns) has at least MIN_COLUMNS
// cells of at most CELL_CHARS characters each.
export const MIN_COLUMNS = 3;
export const CELL_CHARS = 25;

// A document number (lines.js docNumbers) has at least DOC_NUMBER_CHARS
// characters.
export const DOC_NUMBER_CHARS = 3;
