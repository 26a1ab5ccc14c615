// Package search builds the client-side search index of the help site: the
// files that theme/static/search.js (served as /assets/search.js) reads to
// find the error a customer means from a line pasted from the sync log.
//
// # Tokens
//
// Tokenize and tokenize in search.js split text the same way, checked by the
// shared vectors in testdata/search/tokenize.json:
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
// Build returns meta.json and content-addressed shards (t/<hash>.json,
// d/<hash>.json), which the site writes under search/. Every file holds
// "version": Version; a reader refuses any other version with an error that
// names the file and both versions. Output is deterministic.
//
//	meta.json  {"version":1, "docs":N, "categories":[name...],
//	            "docInfo":[category index*2 + retired, per doc],
//	            "docShardSize":32, "docShards":["d/<hash>.json"...],
//	            "termShards":{"<key>":"t/<hash>.json"...}}
//	t/<hash>   {"version":1, "terms":{"<term>":[idfMsg, idfField, msg, field]}}
//	d/<hash>   {"version":1, "docs":[{id, title, messages, severity,
//	            category, status}...]}
//
// Docs are numbered in the order given (the site gives them by id). A term
// lives in the shard of the longest key that starts it: terms are grouped by
// first character, and a group larger than 16 KB is split by the next
// character, up to four. idfMsg and idfField are ln(1 + N/df) in thousandths,
// df counted over messages and title, and over tags, aliases and body. msg is
// a flat list of postings (doc delta, template, share): template is the
// message's index, -1 for the title; share is the term's idf over the sum of
// the idf of the template's literal tokens, in thousandths. field is a flat
// list (doc delta, weight): 2 for a tag or alias, 1 for body text; it is left
// empty for a term in more than 50 docs and more than a tenth of them.
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
// (0.65) within the token's shard; for the last token while typing, terms it
// starts (0.5 to 0.95 by length). Tokens with digits match exactly only.
//
// Per template, coverage = the sum of sim*share over matched terms, and
// mass = the sum of sim*idfMsg; it scores coverage² × mass (×0.8 for a
// title). A doc scores its best template plus 0.3 × the sum of
// sim*idfField*weight/2 of its tags and body; a retired doc's score is
// multiplied by 0.7. So a line that holds a whole long message beats a short
// message it also holds, the short query alone gives the short message, and
// words common to many errors weigh little.
package search
