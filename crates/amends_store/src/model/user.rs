//! People who sign in, and the API tokens they hold.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ApiTokenId, Role, UserId, require_text};
use crate::StoreError;

/// A person who uses amends.
///
/// The password hash never leaves the store in JSON (and so never reaches the audit log), and
/// `Debug` output shows it redacted.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct User {
    /// Assigned by the store.
    pub id: UserId,
    /// Sign-in name, stored lowercase; unique.
    pub email: String,
    /// The name shown to colleagues and signed under messages.
    pub display_name: String,
    /// What the user may do.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub role: Role,
    /// Argon2 PHC string from [`hash_password`](crate::secret::hash_password).
    #[serde(skip_serializing)]
    pub password_hash: String,
    /// When the account was disabled; disabled users cannot sign in.
    pub disabled_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A user to create. `Debug` output shows the hash redacted.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct NewUser {
    /// Sign-in name; stored lowercase.
    pub email: String,
    /// The name shown to colleagues.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// Argon2 PHC string from [`hash_password`](crate::secret::hash_password).
    pub password_hash: String,
}

impl NewUser {
    /// Checks the fields and lowercases the email.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        self.email = normalize_email(&self.email)?;
        require_text("display_name", &self.display_name)?;
        require_text("password_hash", &self.password_hash)?;
        Ok(self)
    }
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct UserPatch {
    /// A new display name.
    pub display_name: Option<String>,
    /// A new role.
    pub role: Option<Role>,
    /// A new password hash.
    pub password_hash: Option<String>,
    /// `Some(true)` disables the account, `Some(false)` enables it again.
    pub disabled: Option<bool>,
}

impl User {
    /// The user after `patch`, changed at `at`.
    pub fn patched(&self, patch: &UserPatch, at: DateTime<Utc>) -> Result<User, StoreError> {
        let mut user = self.clone();
        if let Some(display_name) = &patch.display_name {
            require_text("display_name", display_name)?;
            user.display_name = display_name.clone();
        }
        if let Some(role) = patch.role {
            user.role = role;
        }
        if let Some(password_hash) = &patch.password_hash {
            require_text("password_hash", password_hash)?;
            user.password_hash = password_hash.clone();
        }
        match patch.disabled {
            Some(true) if user.disabled_at.is_none() => user.disabled_at = Some(at),
            Some(false) => user.disabled_at = None,
            _ => {}
        }
        user.updated_at = at;
        Ok(user)
    }
}

/// Lowercases and checks an email address: something, an `@`, a domain with a dot.
pub fn normalize_email(email: &str) -> Result<String, StoreError> {
    let email = email.trim().to_lowercase();
    let valid = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.'));
    if !valid || email.chars().any(char::is_whitespace) {
        return Err(StoreError::invalid("email", format!("`{email}` is not an email address")));
    }
    Ok(email)
}

/// A bearer token for the API. Only its hash is stored; the token itself is shown once.
/// The hash is left out of JSON and redacted in `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ApiToken {
    /// Assigned by the store.
    pub id: ApiTokenId,
    /// The user the token acts for.
    pub user_id: UserId,
    /// What the token is for, as its owner named it.
    pub name: String,
    /// From [`hash_token`](crate::secret::hash_token); unique.
    #[serde(skip_serializing)]
    pub token_hash: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked; revoked tokens authenticate nobody.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token to record. `Debug` output shows the hash redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// The user the token acts for.
    pub user_id: UserId,
    /// What the token is for.
    pub name: String,
    /// From [`hash_token`](crate::secret::hash_token).
    pub token_hash: String,
}

impl NewApiToken {
    /// Checks the fields.
    pub fn normalized(self) -> Result<Self, StoreError> {
        require_text("name", &self.name)?;
        require_text("token_hash", &self.token_hash)?;
        Ok(self)
    }
}

/// What `Debug` shows in place of a credential.
const REDACTED: &str = "<redacted>";

impl fmt::Debug for User {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password_hash", &REDACTED)
            .field("disabled_at", &self.disabled_at)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ApiToken")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("name", &self.name)
            .field("token_hash", &REDACTED)
            .field("created_at", &self.created_at)
            .field("revoked_at", &self.revoked_at)
            .finish()
    }
}

impl fmt::Debug for NewUser {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("NewUser")
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password_hash", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for NewApiToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("NewApiToken")
            .field("user_id", &self.user_id)
            .field("name", &self.name)
            .field("token_hash", &REDACTED)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_credentials() {
        let user = User {
            id: UserId(1),
            email: "dana@example.com".to_owned(),
            display_name: "Dana".to_owned(),
            role: Role::Agent,
            password_hash: "$argon2id$secret".to_owned(),
            disabled_at: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        };
        let shown = format!("{user:?}");
        assert!(!shown.contains("secret") && shown.contains(REDACTED), "{shown}");
        let token = ApiToken {
            id: ApiTokenId(2),
            user_id: user.id,
            name: "CI".to_owned(),
            token_hash: "0123abcd".to_owned(),
            created_at: DateTime::UNIX_EPOCH,
            revoked_at: None,
        };
        let shown = format!("{token:?}");
        assert!(!shown.contains("0123abcd") && shown.contains(REDACTED), "{shown}");
        let new_user = NewUser {
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            password_hash: user.password_hash.clone(),
        };
        assert!(!format!("{new_user:?}").contains("secret"));
        let new_token = NewApiToken { user_id: token.user_id, name: token.name.clone(), token_hash: token.token_hash };
        assert!(!format!("{new_token:?}").contains("0123abcd"));
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(normalize_email("  Dana@Example.COM ").unwrap(), "dana@example.com");
        for bad in ["", "dana", "@example.com", "dana@example", "dana@.com", "da na@example.com"] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }
}
