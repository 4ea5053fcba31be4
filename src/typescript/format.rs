//! Turns ts-rs's one-line declarations into the declaration file's layout: `export interface`
//! for an object type (one member per line, its doc comment above it), `export type` otherwise,
//! single-quoted string literals, and JavaScript numbers for Rust's 64-bit integers.

/// One member of an object type: its doc lines and its text (`name?: type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Doc comment lines, without the comment markers.
    pub docs: Vec<String>,
    /// `name: type`, `name?: type` or an index signature.
    pub text: String,
}

impl Member {
    /// A member with one line of documentation (none when `doc` is empty).
    pub fn new(doc: &str, text: &str) -> Member {
        Member {
            docs: doc.lines().map(str::to_owned).collect(),
            text: text.to_owned(),
        }
    }

    /// The name the member declares (`[…]` for an index signature).
    pub fn name(&self) -> &str {
        let end = self.text.find(['?', ':']).unwrap_or(self.text.len());
        self.text[..end].trim()
    }
}

/// A declaration: a named object type or any other type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decl {
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The TypeScript name.
    pub name: String,
    /// The members, when the type is one object type.
    pub members: Option<Vec<Member>>,
    /// The type text, when it is not (a union, an intersection...).
    pub body: String,
}

/// Reads one ts-rs declaration (`T::decl()`, docs from `T::docs()`).
pub fn parse(docs: Option<String>, decl: &str) -> Decl {
    let decl = decl.trim();
    let rest = decl
        .strip_prefix("type ")
        .unwrap_or_else(|| panic!("not a type declaration: {decl}"));
    let (name, body) = rest
        .split_once(" = ")
        .unwrap_or_else(|| panic!("no ` = ` in {decl}"));
    let body = body.trim().trim_end_matches(';').trim();
    let members = object_members(body);
    Decl {
        docs: docs.map(|d| comment_lines(&d)).unwrap_or_default(),
        name: name.trim().to_owned(),
        body: if members.is_some() {
            String::new()
        } else {
            intersection(body)
        },
        members,
    }
}

/// A type that is not one object: its object parts laid out like interfaces.
fn intersection(body: &str) -> String {
    split_top(body, '&')
        .iter()
        .map(|part| {
            let part = part.trim();
            match object_members(part) {
                Some(members) => {
                    let mut out = String::from("{\n");
                    push_members(&mut out, &members);
                    out.push('}');
                    out
                }
                None => quote_style(part),
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

fn push_members(out: &mut String, members: &[Member]) {
    for m in members {
        push_docs(out, &m.docs, "  ");
        out.push_str(&format!("  {};\n", m.text));
    }
}

/// The lines of a `/** … */` comment.
fn comment_lines(comment: &str) -> Vec<String> {
    let inner = comment
        .trim()
        .trim_start_matches("/**")
        .trim_end_matches("*/");
    let lines: Vec<String> = inner
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('*').unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l).trim_end().to_owned()
        })
        .collect();
    let start = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |e| e + 1);
    lines[start..end.max(start)].to_vec()
}

/// Splits `text` at `sep` where it is outside brackets, strings and comments.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += text[i..].find("*/").map_or(text.len() - i, |e| e + 2);
                continue;
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
            }
            b'{' | b'[' | b'(' | b'<' => depth += 1,
            b'}' | b']' | b')' => depth -= 1,
            b'>' if i > 0 && bytes[i - 1] != b'=' => depth -= 1,
            c if depth == 0 && c == sep as u8 => {
                parts.push(text[start..i].to_owned());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(text[start..].to_owned());
    parts
}

/// The members of `body` when it is exactly one object type `{ … }`.
fn object_members(body: &str) -> Option<Vec<Member>> {
    let inner = body.strip_prefix('{')?.strip_suffix('}')?;
    if split_top(body, '&').len() != 1 || split_top(body, '|').len() != 1 {
        return None;
    }
    let members = split_top(inner, ',')
        .into_iter()
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .map(|m| match m.strip_prefix("/**") {
            Some(rest) => {
                let end = rest.find("*/").expect("an unterminated doc comment");
                Member {
                    docs: comment_lines(&m[..end + 5]),
                    text: quote_style(rest[end + 2..].trim()),
                }
            }
            None => Member {
                docs: Vec::new(),
                text: quote_style(&m),
            },
        })
        .collect();
    Some(members)
}

/// Single quotes for string literal types (the style of the hand-written declarations), and
/// `number` for ts-rs's `bigint`: payquery converts every integer to a JavaScript number, and
/// the ones that are money are checked to be safe integers (`money::Fen`).
fn quote_style(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_single = false;
    for c in text.chars() {
        match c {
            '\'' => {
                in_single = !in_single;
                out.push(c);
            }
            '"' if !in_single => out.push('\''),
            _ => out.push(c),
        }
    }
    let words: Vec<&str> = out
        .split_inclusive(|c: char| !c.is_alphanumeric())
        .collect();
    words
        .iter()
        .map(|w| match w.strip_prefix("bigint") {
            Some(rest) if !rest.starts_with(char::is_alphanumeric) => format!("number{rest}"),
            _ => (*w).to_owned(),
        })
        .collect()
}

fn push_docs(out: &mut String, docs: &[String], indent: &str) {
    match docs {
        [] => {}
        [one] => out.push_str(&format!("{indent}/** {one} */\n")),
        many => {
            out.push_str(&format!("{indent}/**\n"));
            for line in many {
                if line.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {line}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
        }
    }
}

/// The declaration as it is written to the file.
pub fn render(decl: &Decl) -> String {
    let mut out = String::new();
    push_docs(&mut out, &decl.docs, "");
    match &decl.members {
        Some(members) => {
            out.push_str(&format!("export interface {} {{\n", decl.name));
            push_members(&mut out, members);
            out.push_str("}\n");
        }
        None => out.push_str(&format!("export type {} = {};\n", decl.name, decl.body)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_become_interfaces_with_one_member_a_line() {
        let d = parse(
            Some("/**\n * An order.\n */\n".into()),
            "type O = { \n/**\n * The id.\n */\nid: string, n?: bigint, m: { a: \"x\" | \"y\", }, };",
        );
        assert_eq!(
            render(&d),
            "/** An order. */\nexport interface O {\n  /** The id. */\n  id: string;\n  n?: number;\n  m: { a: 'x' | 'y', };\n}\n"
        );
        let u = parse(None, "type U = \"A\" | \"B\";");
        assert_eq!(render(&u), "export type U = 'A' | 'B';\n");
        let i = parse(None, "type I = { \n/**\n * E.\n */\ne: E, } & (A | B);");
        assert_eq!(
            render(&i),
            "export type I = {\n  /** E. */\n  e: E;\n} & (A | B);\n"
        );
        assert_eq!(quote_style("bigints | bigint"), "bigints | number");
    }
}
