//! Users and API tokens.

use std::sync::Arc;

use super::{agent, assert_conflict, assert_invalid, assert_not_found, at};
use crate::model::{NewApiToken, NewUser, Role, UserId, UserPatch};
use crate::secret::{hash_token, new_token};
use crate::{PageRequest, Store};

/// Create, get, find by email in any case, update, list.
pub async fn users_round_trip(store: Arc<dyn Store>) {
    let created = agent(&*store, "Dana@Example.com").await;
    assert_eq!(created.email, "dana@example.com");
    assert_eq!(created.role, Role::Agent);
    assert_eq!(store.get_user(created.id).await.unwrap(), created);
    assert_eq!(store.find_user_by_email("DANA@example.COM").await.unwrap(), created);

    let patch = UserPatch { role: Some(Role::Manager), disabled: Some(true), ..UserPatch::default() };
    let updated = store.update_user(&at("admin:1", 60), created.id, patch).await.unwrap();
    assert_eq!(updated.role, Role::Manager);
    assert_eq!(updated.disabled_at, Some(at("", 60).at()));
    assert_eq!(updated.updated_at, at("", 60).at());
    assert_eq!(store.get_user(created.id).await.unwrap(), updated);

    let page = store.list_users(PageRequest::default()).await.unwrap();
    assert_eq!(page.items, vec![updated]);
    assert_eq!(page.next, None);

    assert_not_found(store.get_user(UserId(9_999)).await);
    assert_not_found(store.find_user_by_email("nobody@example.com").await);
    assert_not_found(store.update_user(&at("admin:1", 60), UserId(9_999), UserPatch::default()).await);
}

/// A second account with the same email, in any case, is a conflict; malformed emails are invalid.
pub async fn user_emails_are_unique(store: Arc<dyn Store>) {
    agent(&*store, "dana@example.com").await;
    let again = NewUser {
        email: "DANA@example.com".to_owned(),
        display_name: "Another Dana".to_owned(),
        role: Role::Admin,
        password_hash: "hash".to_owned(),
    };
    assert_conflict(store.create_user(&at("test", 1), again.clone()).await);
    let malformed = NewUser { email: "dana at example".to_owned(), ..again };
    assert_invalid(store.create_user(&at("test", 1), malformed).await, "email");
}

/// Tokens are stored by hash, found by hash, revoked once, and belong to an existing user.
pub async fn api_tokens_are_found_by_hash_and_revoked(store: Arc<dyn Store>) {
    let user = agent(&*store, "dana@example.com").await;
    let token = new_token();
    let new = NewApiToken { user_id: user.id, name: "CI".to_owned(), token_hash: hash_token(&token) };
    let created = store.create_api_token(&at("admin:1", 1), new.clone()).await.unwrap();
    assert_eq!(created.revoked_at, None);
    assert_eq!(store.find_api_token(&hash_token(&token)).await.unwrap(), created);
    assert_not_found(store.find_api_token(&hash_token("amends_wrong")).await);
    assert_conflict(store.create_api_token(&at("admin:1", 2), new.clone()).await);

    let orphan = NewApiToken { user_id: UserId(9_999), token_hash: hash_token(&new_token()), ..new };
    assert_invalid(store.create_api_token(&at("admin:1", 3), orphan).await, "user_id");

    let revoked = store.revoke_api_token(&at("admin:1", 10), created.id).await.unwrap();
    assert_eq!(revoked.revoked_at, Some(at("", 10).at()));
    let again = store.revoke_api_token(&at("admin:1", 20), created.id).await.unwrap();
    assert_eq!(again.revoked_at, Some(at("", 10).at()), "revoking twice keeps the first instant");
    assert_eq!(store.find_api_token(&hash_token(&token)).await.unwrap(), revoked);
    assert_eq!(store.list_api_tokens(user.id).await.unwrap(), vec![revoked]);
    assert_not_found(store.list_api_tokens(UserId(9_999)).await);
}
