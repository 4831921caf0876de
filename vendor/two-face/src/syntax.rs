//! Contains extra syntax definitions

use syntect::parsing::SyntaxSet;

/// Akin to [`SyntaxSet::load_defaults_nonewlines()`], but with extra syntax definitions
///
/// # Example
///
/// ```
/// // TOML and TypeScript and Dockerfiles oh my!
/// let syn_set = two_face::syntax::extra_no_newlines();
/// let toml = syn_set.find_syntax_by_name("TOML").unwrap();
/// let type_script = syn_set.find_syntax_by_name("TypeScript").unwrap();
/// let dockerfile = syn_set.find_syntax_by_name("Dockerfile").unwrap();
/// ```
pub fn extra_no_newlines() -> SyntaxSet {
    // Trimmed (vendor/README.md): no syntax definitions, code stays plain text.
    syntect::parsing::SyntaxSetBuilder::new().build()
}

/// Akin to [`SyntaxSet::load_defaults_newlines()`], but with extra syntax definitions
///
/// # Example
///
/// ```
/// // TOML and TypeScript and Dockerfiles oh my!
/// let syn_set = two_face::syntax::extra_newlines();
/// let toml = syn_set.find_syntax_by_name("TOML").unwrap();
/// let type_script = syn_set.find_syntax_by_name("TypeScript").unwrap();
/// let dockerfile = syn_set.find_syntax_by_name("Dockerfile").unwrap();
/// ```
pub fn extra_newlines() -> SyntaxSet {
    // Trimmed (vendor/README.md): no syntax definitions, code stays plain text.
    syntect::parsing::SyntaxSetBuilder::new().build()
}
