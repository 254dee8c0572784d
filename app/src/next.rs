//! Where to go after logging in: the page a logged-out person asked for,
//! carried as `?next=` through the login form. Only a path on this site is
//! followed ("/approvals/12?x=1"); anything that could leave it ("//evil",
//! "/\evil", "https://…", control characters) goes to the dashboard.

/// The login page's address that returns to `path_and_query` afterwards.
pub fn login_returning_to(path_and_query: &str) -> String {
    match safe(path_and_query) {
        "/" => "/login".to_string(),
        next => {
            format!("/login?next={}", percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC))
        }
    }
}

/// `next` when it is a path on this site, else "/".
pub fn safe(next: &str) -> &str {
    let b = next.as_bytes();
    let on_this_site = b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && next.len() <= 2000
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && !next.starts_with("/login");
    if on_this_site {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for ok in ["/approvals/12", "/review/3?run=5", "/monthly/2026-11"] {
            assert_eq!(safe(ok), ok);
        }
        for bad in [
            "//evil.test/x",
            "/\\evil.test",
            "https://evil.test/",
            "javascript:alert(1)",
            "",
            "approvals",
            "/a\nb",
            "/login?next=/x",
        ] {
            assert_eq!(safe(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn the_login_link_carries_the_page_encoded() {
        assert_eq!(login_returning_to("/approvals/12?x=1&y=2"), "/login?next=%2Fapprovals%2F12%3Fx%3D1%26y%3D2");
        assert_eq!(login_returning_to("/"), "/login");
        assert_eq!(login_returning_to("//evil.test"), "/login");
    }
}
