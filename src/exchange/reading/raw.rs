//! The content of a received file as it was written: its entries kept as text (`serde_json`'s
//! `RawValue`), the long lists element by element, so that each record is typed straight from its
//! text when it is checked, and the checksum is taken over the text with its layout left out —
//! no tree of JSON values is built for the whole file (BENCHMARKS.md, seventeenth round).

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;
use serde_json::value::RawValue;

/// The lists read element by element: the ones a file holds thousands of.
const LISTS: [&str; 3] = ["companies", "actions", "requests"];

/// An entry of the content object, as the file wrote it: where its text lies in the content's.
enum Entry {
    /// One of [`LISTS`], when it is a list: its elements.
    List(Vec<Range<usize>>),
    /// Anything else, whole.
    Other(Range<usize>),
}

/// The content object of a file, its entries as written, in key order (the checksum's order):
/// its text, held once, and where each entry and each element of a long list lies in it.
#[derive(Default)]
pub(super) struct RawContent {
    text: String,
    entries: BTreeMap<String, Entry>,
    /// Whether the text looks written without spaces (this version writes the content so): it
    /// is then hashed as it is, without looking for spaces to leave out. When that guess is
    /// wrong, the checksum is taken again over the canonical form.
    compact: bool,
}

/// A value of the content, as written.
pub(super) enum Written<'a> {
    /// A long list's elements.
    List(Items<'a>),
    /// Anything else, whole.
    Other(&'a str),
}

/// The elements of a long list, as written.
#[derive(Clone, Copy)]
pub(super) struct Items<'a> {
    text: &'a str,
    spans: &'a [Range<usize>],
}

impl<'a> Items<'a> {
    /// No elements.
    pub(super) const EMPTY: Items<'static> = Items {
        text: "",
        spans: &[],
    };

    /// How many.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The element at `i`.
    pub(super) fn get(&self, i: usize) -> Option<&'a str> {
        self.spans.get(i).map(|r| &self.text[r.clone()])
    }

    /// Each element.
    pub(super) fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let text = self.text;
        self.spans.iter().map(move |r| &text[r.clone()])
    }
}

impl RawContent {
    /// Splits the content's text into its entries, borrowed from it (nothing is copied);
    /// `None` when it is not an object.
    pub(super) fn parse(text: String) -> Option<RawContent> {
        let compact = matches!(text.as_bytes(), [b'{', b'"' | b'}', ..]);
        let base = text.as_ptr() as usize;
        // Where a piece borrowed from `text` lies in it.
        let span = |piece: &str| {
            let start = piece.as_ptr() as usize - base;
            start..start + piece.len()
        };
        let entries = {
            let written: BTreeMap<String, &RawValue> = serde_json::from_str(&text).ok()?;
            written
                .into_iter()
                .map(|(key, raw)| {
                    let list = LISTS
                        .contains(&key.as_str())
                        .then(|| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok())
                        .flatten();
                    let entry = match list {
                        Some(items) => Entry::List(items.iter().map(|i| span(i.get())).collect()),
                        None => Entry::Other(span(raw.get())),
                    };
                    (key, entry)
                })
                .collect()
        };
        Some(RawContent {
            text,
            entries,
            compact,
        })
    }

    /// The content's text, as written.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Whether its text looks written without spaces.
    pub(super) fn compact(&self) -> bool {
        self.compact
    }

    /// Feeds the text of one of its values to `sink`, its layout left out ([`compact`]).
    pub(super) fn feed(&self, json: &str, mut sink: impl FnMut(&[u8])) {
        match self.compact {
            true => sink(json.as_bytes()),
            false => compact(json, sink),
        }
    }

    /// The entries, in key order.
    pub(super) fn entries(&self) -> impl Iterator<Item = (&String, Written<'_>)> {
        self.entries.iter().map(|(key, entry)| {
            let written = match entry {
                Entry::List(spans) => Written::List(Items {
                    text: &self.text,
                    spans,
                }),
                Entry::Other(span) => Written::Other(&self.text[span.clone()]),
            };
            (key, written)
        })
    }

    /// Whether the content has `key`.
    pub(super) fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The elements of one of the long lists, or `None` when it is absent or not a list.
    pub(super) fn list(&self, key: &str) -> Option<Items<'_>> {
        match self.entries.get(key) {
            Some(Entry::List(spans)) => Some(Items {
                text: &self.text,
                spans,
            }),
            _ => None,
        }
    }

    /// The entry `key` as a JSON value (the short entries: terms, keys, journal…), read when asked.
    pub(super) fn value(&self, key: &str) -> Option<Value> {
        match self.entries.get(key)? {
            Entry::List(spans) => Some(Value::Array(
                spans.iter().map(|r| parse(&self.text[r.clone()])).collect(),
            )),
            Entry::Other(span) => Some(parse(&self.text[span.clone()])),
        }
    }

    /// The whole content as a JSON value: for the checksum of a file whose text is not in the
    /// canonical layout.
    pub(super) fn to_value(&self) -> Value {
        Value::Object(
            self.entries
                .keys()
                .filter_map(|k| Some((k.clone(), self.value(k)?)))
                .collect(),
        )
    }
}

/// A written value typed as a JSON value (it was checked as JSON when the file was parsed).
fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// Feeds `json` to `sink` without the spaces and line breaks outside its strings: the compact
/// form `serde_json` writes, when the text was written by it (pretty or not) with its keys sorted.
pub(super) fn compact(json: &str, mut sink: impl FnMut(&[u8])) {
    let bytes = json.as_bytes();
    let (mut start, mut in_string, mut escaped) = (0, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            if start < i {
                sink(&bytes[start..i]);
            }
            start = i + 1;
        }
    }
    if start < bytes.len() {
        sink(&bytes[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compacted(json: &str) -> String {
        let mut out = Vec::new();
        compact(json, |b| out.extend_from_slice(b));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_compact_form_of_a_pretty_text_is_what_serde_json_writes_compact() {
        let value = serde_json::json!({
            "a": [1, 2.5, {"b": "x y\n\t\" \\\" z", "c": []}],
            "d": {"e": null, "f": "« été »", "g": {}},
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert!(pretty.contains('\n'));
        assert_eq!(compacted(&pretty), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn lists_are_split_into_elements_and_the_rest_kept_whole() {
        let c = RawContent::parse(
            r#"{ "actions": [ {"id": 1}, {"id": 2} ], "keys": [1], "requests": 3 }"#.into(),
        )
        .unwrap();
        assert_eq!(c.list("actions").map(|l| l.len()), Some(2));
        assert_eq!(
            c.list("actions").and_then(|l| l.get(1)),
            Some(r#"{"id": 2}"#)
        );
        assert!(c.list("requests").is_none());
        assert!(c.has("requests"));
        assert_eq!(c.value("keys"), Some(serde_json::json!([1])));
        assert_eq!(
            c.to_value(),
            serde_json::json!({"actions": [{"id": 1}, {"id": 2}], "keys": [1], "requests": 3})
        );
        assert!(RawContent::parse("[1]".into()).is_none());
    }
}
