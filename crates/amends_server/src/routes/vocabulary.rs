//! Schemas that list the names a vocabulary accepts, so the OpenAPI document enumerates
//! them from the store's own lists and cannot drift from what the server takes.

use amends_store::model::{
    CaseStatus, Channel, Direction, IncidentStatus, Priority, RemedyKind, RemedyStatus, Role, Severity,
};
use serde_json::Value;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

fn names(names: impl Iterator<Item = &'static str>, nullable: bool) -> Object {
    let names: Vec<Value> = names.map(Value::from).collect();
    if nullable {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .enum_values(Some(names.into_iter().chain([Value::Null])))
            .build()
    } else {
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).build()
    }
}

/// Declares, per vocabulary, the schema of a required field and, where needed, of an
/// optional one (which also accepts `null`).
macro_rules! vocabulary_schemas {
    ($($vocabulary:ident => $required:ident $(, $optional:ident)?;)*) => {
        $(
            #[doc = concat!("The names of [`", stringify!($vocabulary), "`].")]
            pub(crate) fn $required() -> Object {
                names($vocabulary::ALL.iter().map(|name| name.as_str()), false)
            }
            $(
                #[doc = concat!("The names of [`", stringify!($vocabulary), "`], or `null`.")]
                pub(crate) fn $optional() -> Object {
                    names($vocabulary::ALL.iter().map(|name| name.as_str()), true)
                }
            )?
        )*
    };
}

vocabulary_schemas! {
    Channel => channel;
    Priority => priority, optional_priority;
    CaseStatus => case_status, optional_case_status;
    Direction => direction;
    Severity => severity, optional_severity;
    IncidentStatus => incident_status, optional_incident_status;
    RemedyKind => remedy_kind;
    RemedyStatus => remedy_status;
    Role => role;
}
