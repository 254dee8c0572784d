//! `text_enum!`: an enum stored and sent as snake_case text (its `as_str`), with parsing that
//! names the field and the accepted values in its error.

#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, sqlx::Type, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        #[sqlx(rename_all = "snake_case", type_name = "TEXT")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::DomainError;
            fn from_str(s: &str) -> $crate::Result<Self> {
                let wanted = s.trim().to_lowercase();
                $name::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    $crate::DomainError::invalid($field, format!("'{}' is not {}; use {}.", s.trim(), $what, names.join(", ")))
                })
            }
        }
    };
}
