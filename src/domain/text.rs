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

#[cfg(test)]
mod tests {
    use super::*;

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
