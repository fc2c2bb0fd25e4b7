//! The OpenAPI 3.1 document, generated from the handlers' annotations and served at
//! `/api/v1/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{cases, customers, health, imports, incidents, remedies, text, users, workflow};

/// The API's description: every route, schema and the bearer security scheme.
#[derive(OpenApi)]
#[openapi(
    info(title = "amends API", description = "Cases, customers and incidents of a service-recovery team; \
        the apology linter and composer. Errors are RFC 9457 problem documents."),
    paths(
        health::healthz, health::readyz,
        customers::create, customers::get, customers::update, customers::list,
        cases::create, cases::get, cases::update, cases::list, cases::add_message,
        incidents::create, incidents::get, incidents::update, incidents::list,
        incidents::add_affected, incidents::list_affected,
        remedies::create, remedies::list,
        imports::customers, imports::orders, imports::affected,
        text::lint, text::compose,
        users::create, users::list, users::create_token, users::revoke_token,
        workflow::reply, workflow::resolve, workflow::follow_ups, workflow::escalations,
        workflow::list_jobs, workflow::retry_job,
    ),
    components(schemas(crate::error::Problem, crate::error::FieldError)),
    modifiers(&BearerScheme),
)]
pub struct ApiDoc;

/// Adds the `bearer` security scheme the operations refer to.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("An API token from `amends token create`"))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// `GET /api/v1/openapi.json`.
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
