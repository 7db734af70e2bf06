//! Comparing what people type with the names the convention writes: without case, accents,
//! ligatures or the kind of apostrophe, so that "Feche-l'Eglise", "FÊCHE-L’ÉGLISE" and
//! "Fêche-l'Église" are one commune, and "coeur" finds "Cœur".

/// Lower-case, without accents or ligatures (œ → oe, æ → ae, ß → ss), with one kind of apostrophe
/// and plain spaces: the form in which two spellings of a name are compared.
pub fn fold_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '´' => out.push('\''),
            '\u{a0}' | '\u{202f}' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

/// `text` as a part of a file name that every system, mail and archive keeps: ASCII letters and
/// digits, accents dropped (case kept: "Hér" → "Her", "Œ" → "OE"), anything else `-`. The one
/// rule for the names of the files Relance writes.
pub fn file_name_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            continue;
        }
        let plain = fold_accents(c.encode_utf8(&mut [0; 4]));
        if !plain.is_empty() && plain.chars().all(|p| p.is_ascii_alphanumeric()) {
            if c.is_uppercase() {
                out.push_str(&plain.to_ascii_uppercase());
            } else {
                out.push_str(&plain);
            }
        } else {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_parts_are_plain_ascii() {
        assert_eq!(file_name_part("CMA BFC"), "CMA-BFC");
        assert_eq!(file_name_part("Pays d'Héricourt"), "Pays-d-Hericourt");
        assert_eq!(file_name_part("ŒUVRE/Straße:1"), "OEUVRE-Strasse-1");
        assert_eq!(file_name_part("a\u{a0}b€"), "a-b-");
    }

    #[test]
    fn spellings_of_one_name_fold_alike() {
        let official = fold_accents("Fêche-l'Église");
        for typed in [
            "feche-l'eglise",
            "FÊCHE-L’ÉGLISE",
            "Feche-l\u{2019}Eglise",
            "fêche-l'église",
        ] {
            assert_eq!(fold_accents(typed), official, "{typed}");
        }
        assert_eq!(fold_accents("Cœur Æther Straße"), "coeur aether strasse");
        assert_eq!(fold_accents("1\u{202f}200\u{a0}€"), "1 200 €");
    }
}
