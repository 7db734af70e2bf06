//! French messages for what serde and serde_json report, so that no parser text in English reaches a
//! user: every import, restore and stored-data check reads records through [`from_value`], which
//! names the field at fault (found by the value serde quotes) and translates the reason, and reports
//! JSON syntax through [`syntax`].
//!
//! serde's messages follow a few fixed patterns ("invalid type: X, expected Y", "unknown variant",
//! "missing field"…), translated here one by one. The other messages are custom ones: the domain's
//! own refusals and the date reader's (`domain::date`), already French.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Types `value` as `T`; on failure, a French message naming the field at fault when the value
/// serde quotes is found once in `value` (see `locate`).
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| {
        let message = e.to_string();
        let reason = reason(&message);
        match locate(value, &message) {
            Some(path) => format!("champ « {path} » : {reason}"),
            None => reason,
        }
    })
}

/// Types the JSON text `json` as `T`, straight from the text; on failure, as [`from_value`] does
/// (the same value, the same French message, the field at fault named).
pub fn from_text<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).or_else(|_| {
        let value: Value = serde_json::from_str(json).map_err(|e| syntax(&e))?;
        from_value(&value)
    })
}

/// Where in `value` the value a message quotes sits (`devis.amount`, `ledgers[0].ledger.staff`):
/// serde's "invalid type/value" and "unknown variant" messages, and the French refusals that
/// quote a text in « », name the value at fault. The path is given only when exactly one place
/// holds that value; otherwise the message goes without it rather than point at the wrong field.
///
/// This replaces tracking the path while decoding (`serde_path_to_error`), which wrapped every
/// decoder of every type and cost 8.7 KB of the first load (BENCHMARKS.md, size).
fn locate(value: &Value, message: &str) -> Option<String> {
    let m = without_position(message);
    let wanted = if let Some(rest) = m
        .strip_prefix("invalid type: ")
        .or_else(|| m.strip_prefix("invalid value: "))
    {
        quoted_value(rest.split_once(", expected ").map_or(rest, |(got, _)| got))?
    } else if let Some(rest) = m.strip_prefix("unknown variant ") {
        let name = rest.split_once(", expected ").map_or(rest, |(n, _)| n);
        Value::String(unquote(name).to_string())
    } else {
        let (_, rest) = m.split_once('«')?;
        Value::String(rest.split_once('»')?.0.trim().to_string())
    };
    let mut found = Vec::new();
    find(value, &wanted, &mut String::new(), &mut found);
    match found.as_slice() {
        [path] if !path.is_empty() => Some(path.clone()),
        _ => None,
    }
}

/// serde's `Unexpected` as a JSON value, for the kinds that name one: "string \"x\"", "integer
/// `5`", "floating point `1.5`", "boolean `true`".
fn quoted_value(got: &str) -> Option<Value> {
    if let Some(text) = got.strip_prefix("string ") {
        return serde_json::from_str::<String>(text).ok().map(Value::String);
    }
    let literal = ["integer ", "floating point ", "boolean "]
        .iter()
        .find_map(|p| got.strip_prefix(p))?;
    serde_json::from_str(unquote(literal)).ok()
}

/// Every path in `value` (`a.b[2].c`) holding `wanted`, or an object keyed by it (an enum
/// variant with data), into `found`.
fn find(value: &Value, wanted: &Value, path: &mut String, found: &mut Vec<String>) {
    let same = match (value, wanted) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Object(o), Value::String(name)) => o.len() == 1 && o.contains_key(name),
        _ => value == wanted,
    };
    if same {
        found.push(path.clone());
    }
    let at = path.len();
    match value {
        Value::Object(o) => {
            for (key, v) in o {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                find(v, wanted, path, found);
                path.truncate(at);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                find(v, wanted, path, found);
                path.truncate(at);
            }
        }
        _ => {}
    }
}

/// A JSON text that cannot be parsed: where, and why, in French.
pub fn syntax(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("ligne {}, colonne {}", error.line(), error.column());
    match error.classify() {
        Category::Eof => format!("le texte s'arrête avant la fin ({at}) : fichier tronqué ?"),
        Category::Syntax => format!("syntaxe JSON invalide ({at})"),
        Category::Io => "lecture impossible".to_string(),
        Category::Data => format!("{} ({at})", reason(&error.to_string())),
    }
}

/// serde_json appends " at line L column C" to the messages of a text it parses.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The French reason for one of serde's messages.
pub fn reason(message: &str) -> String {
    let m = without_position(message);
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "type invalide : {} au lieu {}",
            found(got),
            expected_of(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "valeur invalide : {} au lieu {}",
            found(got),
            expected_of(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or(rest);
        return format!("nombre d'éléments invalide ({n})");
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (name, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "valeur inconnue « {} »{}",
            unquote(name),
            allowed_list(allowed)
        );
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let name = rest.split(", ").next().unwrap_or(rest);
        return format!("champ inconnu « {} »", unquote(name));
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("champ « {} » manquant", unquote(rest));
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return format!("champ « {} » en double", unquote(rest));
    }
    if is_french(m) {
        return m.trim_end_matches('.').to_string();
    }
    "valeur invalide".to_string()
}

/// Whether a custom message is one of the domain's (French) refusals: they all carry a French
/// letter, a « » quote or a French word the English messages never have.
fn is_french(m: &str) -> bool {
    m.chars().any(|c| "éèêàâçôûùîœ«»’".contains(c))
        || [
            "Le ", "La ", "L'", "Les ", "Montant", "Date ", "Action ", "Demande ",
        ]
        .iter()
        .any(|w| m.starts_with(w))
}

/// "`Fiche4`" → "Fiche4".
fn unquote(s: &str) -> &str {
    s.trim().trim_matches('`')
}

/// "one of `A`, `B`" → " (valeurs permises : A, B)".
fn allowed_list(expected: &str) -> String {
    let names: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(unquote)
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.is_empty())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" (valeurs permises : {})", names.join(", "))
    }
}

/// serde's `Unexpected` in French: "floating point `1200.0`" → "le nombre 1200.0".
fn found(got: &str) -> String {
    let value = |prefix: &str| got.strip_prefix(prefix).map(unquote);
    if let Some(v) = value("floating point ") {
        return format!("le nombre {v}");
    }
    if let Some(v) = value("integer ") {
        return format!("le nombre entier {v}");
    }
    if let Some(v) = value("string ") {
        return format!("le texte {v}");
    }
    if let Some(v) = value("boolean ") {
        return format!("le booléen {v}");
    }
    if let Some(v) = value("character ") {
        return format!("le caractère {v}");
    }
    match got {
        "null" | "unit value" | "unit" => "une valeur vide (null)".into(),
        "map" => "un objet".into(),
        "sequence" => "une liste".into(),
        _ => "une valeur".into(),
    }
}

/// What the deserialiser expected, in French: "d'un montant …".
fn expected_of(expected: &str) -> String {
    let e = expected.to_ascii_lowercase();
    let what = if e.contains("decimal") {
        "d'un montant écrit comme texte, au centime près (ex. \"1200.00\")"
    } else if e.contains("date and time") || e.contains("datetime") {
        "d'une date et heure (aaaa-mm-jjThh:mm:ss)"
    } else if e.contains("date") {
        "d'une date (aaaa-mm-jj)"
    } else if e.contains("bool") {
        "de true ou false"
    } else if e.contains("u8")
        || e.contains("u16")
        || e.contains("u32")
        || e.contains("u64")
        || e.contains("integer")
    {
        "d'un nombre entier positif"
    } else if e.contains("string") {
        "d'un texte"
    } else if e.contains("sequence") || e.contains("vec") {
        "d'une liste"
    } else if e.contains("struct") || e.contains("map") {
        "d'un objet"
    } else if e.contains("variant") || e.contains("enum") {
        "d'une des valeurs permises"
    } else {
        "de la valeur attendue"
    };
    what.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::Action;

    fn action_json() -> Value {
        serde_json::from_str(include_str!(
            "../tests/fixtures/v1/echange-cma-vers-ccst.json"
        ))
        .map(|v: Value| v["content"]["actions"][0].clone())
        .unwrap()
    }

    fn french(v: &Value) -> String {
        from_value::<Action>(v).unwrap_err()
    }

    /// English words serde writes; none may reach a user.
    fn assert_no_english(m: &str) {
        for w in [
            "invalid type",
            "invalid value",
            "expected",
            "unknown",
            "missing",
            "field `",
            "variant",
            "floating",
        ] {
            assert!(!m.contains(w), "English « {w} » in « {m} »");
        }
    }

    #[test]
    fn an_amount_written_as_a_number_is_explained_in_french() {
        let mut v = action_json();
        v["devis"]["amount"] = serde_json::json!(1200.0);
        let m = french(&v);
        assert_eq!(
            m,
            "champ « devis.amount » : type invalide : le nombre 1200.0 au lieu d'un montant écrit comme texte, au centime près (ex. \"1200.00\")"
        );
    }

    #[test]
    fn an_unknown_fiche_lists_the_allowed_ones() {
        let mut v = action_json();
        v["fiche"] = serde_json::json!("Fiche4");
        assert_eq!(
            french(&v),
            "champ « fiche » : valeur inconnue « Fiche4 » (valeurs permises : Relance, Digital, CircuitsCourts)"
        );
    }

    #[test]
    fn missing_unknown_and_wrongly_typed_fields_are_named() {
        let mut v = action_json();
        v.as_object_mut().unwrap().remove("need");
        assert_eq!(french(&v), "champ « need » manquant");
        let mut v = action_json();
        v["identified_on"] = serde_json::json!("31/02/2021");
        let m = french(&v);
        assert!(
            m.starts_with("champ « identified_on » : date illisible"),
            "{m}"
        );
        let mut v = action_json();
        v["history"] = serde_json::json!("x");
        assert_eq!(
            french(&v),
            "champ « history » : type invalide : le texte \"x\" au lieu d'une liste"
        );
        for m in [
            french(&v),
            reason("unknown field `colour`, expected one of `a`, `b`"),
        ] {
            assert_no_english(&m);
        }
        assert_eq!(
            reason("unknown field `colour`, expected `a`"),
            "champ inconnu « colour »"
        );
    }

    #[test]
    fn the_field_is_named_only_when_one_place_holds_the_value() {
        let mut v = action_json();
        v["need"] = serde_json::json!("Relance");
        v["history"] = serde_json::json!("Relance");
        assert_eq!(
            french(&v),
            "type invalide : le texte \"Relance\" au lieu d'une liste",
            "two places hold the text: no field rather than the wrong one"
        );
        let mut v = action_json();
        v["devis"]["sent_on"] = serde_json::json!(20210106);
        assert_eq!(
            french(&v),
            "champ « devis.sent_on » : type invalide : le nombre entier 20210106 au lieu d'une date (aaaa-mm-jj)"
        );
        let mut v = action_json();
        v["history"][0]["kind"] = serde_json::json!("Signed");
        assert!(
            french(&v).starts_with("champ « history[0].kind » : valeur inconnue « Signed »"),
            "{}",
            french(&v)
        );
    }

    #[test]
    fn the_domain_refusals_pass_through_in_french() {
        let mut v = action_json();
        v["need"] = serde_json::json!("  ");
        let m = french(&v);
        assert!(m.contains("le besoin identifié est vide"), "{m}");
        assert_no_english(&m);
    }

    #[test]
    fn json_syntax_errors_say_where() {
        let e = serde_json::from_str::<Value>("{\"a\": ").unwrap_err();
        assert_eq!(
            syntax(&e),
            "le texte s'arrête avant la fin (ligne 1, colonne 6) : fichier tronqué ?"
        );
        let e = serde_json::from_str::<Value>("{a}").unwrap_err();
        assert_eq!(syntax(&e), "syntaxe JSON invalide (ligne 1, colonne 2)");
    }
}
