//! The content of a received file as it was written: its entries kept as text (`serde_json`'s
//! `RawValue`), the long lists element by element, so that each record is typed straight from its
//! text when it is checked, and the checksum is taken over the text with its layout left out —
//! no tree of JSON values is built for the whole file (BENCHMARKS.md, seventeenth round).

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

/// The lists read element by element: the ones a file holds thousands of.
const LISTS: [&str; 3] = ["companies", "actions", "requests"];

/// An entry of the content object, as the file wrote it.
pub(super) enum Entry {
    /// One of [`LISTS`], when it is a list: its elements.
    List(Vec<Box<RawValue>>),
    /// Anything else, whole.
    Other(Box<RawValue>),
}

/// The content object of a file, its entries as written, in key order (the checksum's order).
#[derive(Default)]
pub(super) struct RawContent {
    entries: BTreeMap<String, Entry>,
    /// Whether the text looks written without spaces (this version writes the content so): it
    /// is then hashed as it is, without looking for spaces to leave out. When that guess is
    /// wrong, the checksum is taken again over the canonical form.
    compact: bool,
}

impl RawContent {
    /// Splits the content's text into its entries; `None` when it is not an object.
    pub(super) fn parse(text: &str) -> Option<RawContent> {
        let entries: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).ok()?;
        let compact = matches!(text.as_bytes(), [b'{', b'"' | b'}', ..]);
        let entries = entries
            .into_iter()
            .map(|(key, raw)| {
                let entry = match LISTS.contains(&key.as_str()) {
                    true => serde_json::from_str(raw.get()).map_or(Entry::Other(raw), Entry::List),
                    false => Entry::Other(raw),
                };
                (key, entry)
            })
            .collect();
        Some(RawContent { entries, compact })
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
    pub(super) fn entries(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries.iter()
    }

    /// Whether the content has `key`.
    pub(super) fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The elements of one of the long lists, or `None` when it is absent or not a list.
    pub(super) fn list(&self, key: &str) -> Option<&[Box<RawValue>]> {
        match self.entries.get(key) {
            Some(Entry::List(items)) => Some(items),
            _ => None,
        }
    }

    /// The entry `key` as a JSON value (the short entries: terms, keys, journal…), read when asked.
    pub(super) fn value(&self, key: &str) -> Option<Value> {
        match self.entries.get(key)? {
            Entry::List(items) => Some(Value::Array(items.iter().map(|i| parse(i)).collect())),
            Entry::Other(raw) => Some(parse(raw)),
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

/// A raw value typed as a JSON value (it was checked as JSON when the file was parsed).
fn parse(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
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
            r#"{ "actions": [ {"id": 1}, {"id": 2} ], "keys": [1], "requests": 3 }"#,
        )
        .unwrap();
        assert_eq!(c.list("actions").map(<[_]>::len), Some(2));
        assert!(c.list("requests").is_none());
        assert!(c.has("requests"));
        assert_eq!(c.value("keys"), Some(serde_json::json!([1])));
        assert_eq!(
            c.to_value(),
            serde_json::json!({"actions": [{"id": 1}, {"id": 2}], "keys": [1], "requests": 3})
        );
        assert!(RawContent::parse("[1]").is_none());
    }
}
