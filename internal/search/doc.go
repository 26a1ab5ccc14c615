// Package search builds the client-side search index of the help site: the
// files that theme/static/search.js (served as /assets/search.js) reads to
// find the error a customer means from a line pasted from the sync log.
//
// # Tokens
//
// Tokenize and tokenize in the engine (theme/static/engine/tokens.js) split
// text the same way: the engine's fold table and ignorable characters are
// FoldJS, generated from this package's, and the shared vectors in
// testdata/search/tokenize.json check the rest:
//
//   - Each code point is folded: A-Z to a-z; an explicit table maps the
//     accented letters of Latin-1 and Latin Extended-A to ASCII (é to e, ß to
//     ss, æ to ae, ĳ to ij, İ and ı to i) and final sigma ς to σ; any other
//     code point takes its one-code-point lower case (unicode.ToLower; in
//     JavaScript toLowerCase, kept only when it gives one code point). No
//     Unicode normalization, no locale, no context-dependent rule.
//   - Combining marks (\p{M}), the zero-width characters U+200B-U+200D,
//     U+2060, U+FEFF and the soft hyphen are dropped inside a word.
//   - A token is a run of letters (\p{L}) and decimal digits (\p{Nd});
//     everything else separates, including _ and every kind of space. Han,
//     Hiragana and Katakana characters are a token each.
//
// # Index files
//
// Build returns meta.json and the index's other files, which the site
// writes under search/: term shards t/<n>-<stamp>.json, doc shards
// d/<n>-<stamp>.json and one doc info file i/0-<stamp>.json. A file is named
// by its folder, its number in that folder and the index's stamp, a hash of
// every file but meta.json with its folder and number: so meta.json names
// them all with one hash, and a name never stands for other bytes. Any
// change to the index renames every file. Every file holds "version":
// Version; a reader refuses any other version with an error that names the
// file and both versions. Output is deterministic.
//
//	meta.json      {"version":4, "docs":N, "telling":idf, "categories":[name...],
//	                "retired":[the number of each retired doc, ascending],
//	                "docShardSize":32, "stamp":"<stamp>",
//	                "termKeys":[the term shards' keys, sorted: t/<n> has the n-th],
//	                "words":[every term that does not begin with a digit, sorted]}
//	t/<n>-<stamp>  {"version":4, "terms":{"<term>":[idfMsg, idfField, msg,
//	                field, anchor]}}
//	d/<n>-<stamp>  {"version":4, "docs":[{id, title, messages, parts, telling,
//	                severity, category, status, fix, summary, steps, solved,
//	                derived}...]}
//	i/0-<stamp>    {"version":4, "docCategory":[category index, per doc],
//	                "docFirst":[the id of each doc shard's first doc]}
//
// meta.json holds what every query needs. A word not in words is no term,
// so looking it up reads no shard, and typo and prefix search find their
// candidates in words; a term that begins with a digit is looked up in its
// shard. Doc shard n holds docs n×docShardSize on. The doc info file is
// read only for a category filter or to describe docs by id (a support
// link); ReadLayout gives the names of an index's files from its meta.json.
//
// Docs are numbered in the order given (the site gives them by id, so
// docFirst is sorted and a doc is found by id alone). A term lives in the
// shard of the longest key that starts it: terms are grouped by first
// character, and a group larger than 16 KB is split by the next character,
// up to four. idfMsg and idfField are ln(1 + N/df) in thousandths, df
// counted over messages and title, and over tags, aliases and body. msg is a
// flat list of postings (doc delta, template, share): template is the
// message's index, -1 for the title; share is the term's idf over the sum of
// the idf of the template's literal tokens, in thousandths. field is a flat
// list (doc delta, weight): 2 for a tag or alias, 1 for body text; it is left
// empty for a term in more than 50 docs and more than a tenth of them.
// anchor lists the templates this term anchors, six numbers each: doc
// delta, template, the termHash of the template's two rarest other telling
// tokens (0 for none), and a 64-bit filter of all its other tokens (bit
// termHash % 64 of each, as two 32-bit halves).
//
// A doc's parts are its templates compiled: its messages, then its derived
// templates (below); per template a list of literal token runs, 0 for each
// placeholder and, for a placeholder that takes a value of one shape only,
// the shape's name ("host", "quoted", "number", "guid", "date", "code": see
// ValueShapes). derived lists, per template after the messages, {of, kind}:
// the message it comes from and how ("inner", "tail", "shape"). telling lists, per message, the
// positions among its literal tokens of its telling tokens: the anchor (its
// rarest token; the longer, then the first, on a tie) and every token in at
// most 2% of the errors (at least 2) or in at most four times as many as
// the anchor: in a family of thousands of look-alike errors, the words
// siblings differ in (an object, a module) are each in hundreds. fix is
// "first", "last" or absent; summary is the first sentence of the solution,
// steps its first steps as plain text (absent for none), solved true when
// the error has a solution (else absent).
//
// # Derived templates
//
// Writers list an error's messages as one log showed them; other logs show
// them otherwise, and the index adds a template for each such variant
// (derive.go has the rules):
//
//   - inner: a message that holds another error's message after a boundary
//     (": ", ". ", " - ") is also written with each other message of that
//     error there: "Fout bij exporteren van betaling: Object reference not
//     set to an instance of an object." (a Dutch app, an English server).
//     It holds more fixed text than the inner message, so it names the line.
//   - tail: a message whose head, before its first boundary, is generic (an
//     exception class such as "InvalidResponseException (500)", an HTTP
//     status in parentheses, or a word that means error: "Fout bij …", "The
//     remote server returned an error") also matches without it, when the
//     tail tells the error apart: two tokens or more, one of them a word in
//     at most 2% of the errors (at least 2), and no other error with a
//     message or a tail of the same tokens.
//   - shape: a literal with the shape of a value (token.ValueShapes) also matches
//     another value of that shape: "'start.exactonline.be'" where the
//     writer copied "'start.exactonline.nl'".
//
// A derived template is found by its anchor like any other and matches
// exactly or not at all (never nearly); partial scores are those of the
// messages the writer wrote.
//
// # Matching
//
// Message templates (package message) are compiled to their literal tokens;
// a placeholder contributes nothing, so whatever value a customer's line has
// there neither helps nor hurts, and neither does text around the message.
// A query's tokens are expanded to index terms with a similarity: exact 1;
// two query tokens written as one index term 0.95; a query token that is two
// index terms joined ("btwcode") 0.9 each; for tokens of 4+ letters not in
// the index, optimal-string-alignment distance 1 (0.8), or 2 from 8 letters
// (0.65), within the token's shard and the shards whose keys are one edit
// from its first letters; for the last token while typing, terms it starts
// (0.5 to 0.95 by length). Tokens with digits match exactly only.
//
// A line holds a template whole ("exact") when its literal runs appear in
// order, each run contiguous, each placeholder filled by at least one token,
// anything before and after: case, spacing and punctuation do not count,
// nor a compound written as one word or one word written as two, nor small
// typos (an edit distance of 1 per token, 2 from 8 letters; a letter more
// or less in a word of two or three; at most one typo per eight words, and
// never in a word the index has as written: "importeren" is no misspelt
// "exporteren"). A placeholder takes as few tokens as it can. Candidates
// are the templates a line's terms anchor whose two next telling tokens it
// holds too. Of several templates a line holds, the one that names it is:
// the one whose fixed text does not begin inside brackets or quotes opened
// before it and whose inner placeholders took no unbalanced bracket or
// quote (a customer's name "(Server Unavailable BV)" or 'Leverancier
// Jansen' holds no message); then the one that holds the other in a
// placeholder (the wrapper "Fout bij exporteren van betaling: {detail}");
// of two apart, the later (a log writes the invoice and the customer before
// the message); then the one with the most letters of fixed text, then the
// one whose placeholders took the fewest tokens. A template that lies in the
// winner's context (before, after or in a value) is no match of the line.
// Exact results come first; the others are "partial", each with the share
// of the query's tokens its matched terms stand for (covered). A query of
// more than 48 tokens keeps its last 48: a pasted log line's message comes
// last.
//
// Partial results are scored per template: coverage = the sum of
// sim*share over matched terms, mass = the sum of sim*idfMsg; coverage² ×
// mass (×0.8 for a title). A doc scores its best template plus 0.3 × the sum
// of sim*idfField*weight/2 of its tags and body, times the share of the
// query's weight (per query token, its best term's sim*idfMsg) that the doc
// explains, to the power 2 for a query of up to four tokens (each word
// counts: "lang zoekcode" is the error that has both) and 0.5 for a longer
// one (a pasted line's prefix and values no error explains); a retired
// doc's score is multiplied by 0.7. A partial result is weak when it rests
// on no telling word: the search box then says that nothing fits.
//
// # Triage
//
// A pasted log is read line by line: the first 5,000 lines, of each its
// first 1,000 characters and of those its last 64 tokens, and at most
// 100,000 tokens in all; a log cut short says where (truncated). Blank
// lines, rules, stack frames (a method and its arguments: "at
// Bookzo.Sync.Post(Invoice i)", "bij …"; not " ---> System.Net.WebException:
// …", an inner exception's message, nor "at start.exactonline.nl: …"),
// totals ("Totaal: 3", "2 × Reeds verwerkt", a count before an error word)
// and lines of sure success (a tick, "gesynchroniseerd", "synced", without
// a sign of an error) count for nothing, whatever they hold. Each other
// line counts for the error whose template it holds exactly (as above), or,
// failing that (or where the exact match lies in a customer's name),
// nearly: an empty placeholder where the line ends, or, in a template of
// six tokens or more, inside it, and, in a template of four tokens or more,
// up to one token in six missing, but never a telling one, nor one at the
// edge of a run where the line's other text could stand in for it (a
// sibling's other word). The first pass looks words up as written (machine
// text has no typos); lines that name nothing and look like errors get a
// second, with typos (for at most 400 words of a log the index lacks, eight
// per line) and compounds. Lines that differ only in numbers no message
// has, with the same punctuation, get one verdict. A line that names
// nothing is left out when it looks like a success, total, header or info
// line (a summary word counts only where it starts the line: a customer
// called "Totaal Installatietechniek BV" is no total), else it is
// unmatched. Errors are ordered by fix (first, none, last), then by count,
// then by first line.
package search
