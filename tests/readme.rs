//! The README's error table lists exactly the codes the crate can produce.

use payquery::ErrorCode;

#[test]
fn readme_documents_every_error_code() {
    let readme = include_str!("../README.md");
    let documented: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|c| c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'))
        .collect();
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(documented, codes);
}

/// The bullet names (`- \`name\`:`) of the README section that starts with `heading`, up to the
/// first line that is neither a bullet nor its continuation (none when `heading` is absent).
fn listed_after(readme: &str, heading: &str) -> Vec<String> {
    let Some(start) = readme.find(heading) else {
        return Vec::new();
    };
    readme[start..]
        .lines()
        .skip(1)
        .skip_while(|l| !l.starts_with("- `"))
        .take_while(|l| l.starts_with("- `") || l.starts_with("  "))
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn readme_lists_exactly_what_cloudpay_adds_to_wx_server_sdk() {
    let readme = include_str!("../README.md");
    let listed = listed_after(
        readme,
        "What payquery adds, as **non-enumerable** properties",
    );
    let mut added: Vec<String> = payquery::providers::cloudpay::answer::ADDITIONS
        .iter()
        .chain(payquery::providers::typed_view::META.iter())
        .map(|s| s.to_string())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    added.sort();
    assert_eq!(sorted, added, "README lists {listed:?}");
    // The drop-in snippet uses the module object itself, as the headline usage.
    let section = &readme[readme
        .find("### CloudPay as a drop-in for wx-server-sdk")
        .unwrap()..];
    assert!(section.contains("new CloudPay({ cloud })"));
    assert!(section.contains("require('wx-server-sdk')"));
}
