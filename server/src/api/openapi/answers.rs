//! The error answers the layers give before or around any handler — a refused session or
//! token, a malformed body, a cross-origin refusal — defined once under
//! `components.responses` and added to every operation they apply to, instead of written on
//! each handler.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use super::schemes::{anyone, scheme_names, BEARER, JWT_COOKIE};

/// A shared answer, by name, under `components.responses`.
struct Shared {
    name: &'static str,
    status: &'static str,
    description: &'static str,
    schema: &'static str,
    challenge: bool,
}

const UNAUTHENTICATED: Shared = Shared {
    name: "NoSession",
    status: "401",
    description: "No live session: no session id, a bad signature, or a record that is gone \
                  (logged out, killed, expired). No `WWW-Authenticate`: HTTP has no \
                  authentication scheme for a session cookie.",
    schema: "ErrorBody",
    challenge: false,
};
const REFUSED_TOKEN: Shared = Shared {
    name: "RefusedToken",
    status: "401",
    description: "The access token was refused; `reason` names the check that failed and \
                  `checks` lists every check that ran. A token sent two ways at once is a 400.",
    schema: "Refusal",
    challenge: true,
};
const MALFORMED: Shared = Shared {
    name: "Malformed",
    status: "400",
    description: "The body is not valid JSON (or the form is malformed).",
    schema: "ErrorBody",
    challenge: false,
};
const UNFIT: Shared = Shared {
    name: "Unfit",
    status: "422",
    description: "The body is valid JSON but does not fit the request type.",
    schema: "ErrorBody",
    challenge: false,
};
const WRONG_TYPE: Shared = Shared {
    name: "WrongType",
    status: "415",
    description: "No `Content-Type: application/json` (or the form type).",
    schema: "ErrorBody",
    challenge: false,
};
const TOO_LARGE: Shared = Shared {
    name: "TooLarge",
    status: "413",
    description: "The body is over the limit (4 KiB for session routes, 12 KiB for JWT routes).",
    schema: "ErrorBody",
    challenge: false,
};
const CROSS_ORIGIN: Shared = Shared {
    name: "CrossOrigin",
    status: "403",
    description: "A state-changing request from another origin or site (`Origin`, \
                  `Sec-Fetch-Site`), refused before any handler runs. curl sends neither.",
    schema: "ErrorBody",
    challenge: false,
};
const STORE_DOWN: Shared = Shared {
    name: "StoreUnavailable",
    status: "503",
    description: "The session store (or the token store) failed: fail closed, never logged in.",
    schema: "ErrorBody",
    challenge: false,
};

const ALL: [&Shared; 8] = [
    &UNAUTHENTICATED,
    &REFUSED_TOKEN,
    &MALFORMED,
    &UNFIT,
    &WRONG_TYPE,
    &TOO_LARGE,
    &CROSS_ORIGIN,
    &STORE_DOWN,
];

fn define(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    for shared in ALL {
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name(shared.schema)))
            .build();
        let mut answer = ResponseBuilder::new()
            .description(shared.description)
            .content("application/json", content);
        if shared.challenge {
            answer = answer.header(
                "WWW-Authenticate",
                HeaderBuilder::new()
                    .description(Some(
                        "`Bearer realm=\"authlab\", error=\"invalid_token\", \
                         error_description=\"…\"` (RFC 6750)",
                    ))
                    .build(),
            );
        }
        components
            .responses
            .insert(shared.name.to_owned(), RefOr::T(answer.build()));
    }
}

fn add(operation: &mut Operation, shared: &Shared) {
    operation
        .responses
        .responses
        .entry(shared.status.to_owned())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(shared.name)));
}

/// Adds the shared answers to every operation they apply to (an operation's own answer for the
/// same status stays).
pub fn add_errors(doc: &mut OpenApi) {
    define(doc);
    for (_, item) in doc.paths.paths.iter_mut() {
        let operations = [
            (false, item.get.as_mut()),
            (true, item.post.as_mut()),
            (true, item.put.as_mut()),
            (true, item.delete.as_mut()),
            (true, item.patch.as_mut()),
        ];
        for (changes_state, operation) in operations {
            let Some(operation) = operation else {
                continue;
            };
            let schemes = scheme_names(operation);
            // An operation that also takes no credential (`security((), …)`) refuses none.
            if !anyone(operation) {
                if schemes.iter().any(|s| s == BEARER || s == JWT_COOKIE) {
                    add(operation, &REFUSED_TOKEN);
                } else if schemes.iter().any(|s| s.starts_with("session")) {
                    add(operation, &UNAUTHENTICATED);
                }
            }
            if schemes.iter().any(|s| s.starts_with("session")) {
                add(operation, &STORE_DOWN);
            }
            if operation.request_body.is_some() {
                for shared in [&MALFORMED, &UNFIT, &WRONG_TYPE, &TOO_LARGE] {
                    add(operation, shared);
                }
            }
            if changes_state {
                add(operation, &CROSS_ORIGIN);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use utoipa::openapi::OpenApi;

    fn doc(post: Value) -> OpenApi {
        serde_json::from_value(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/api/x/y": {"post": post}}
        }))
        .unwrap()
    }

    fn statuses(doc: &OpenApi) -> Vec<String> {
        let value = serde_json::to_value(doc).unwrap();
        let responses = value["paths"]["/api/x/y"]["post"]["responses"]
            .as_object()
            .unwrap();
        responses.keys().cloned().collect()
    }

    #[test]
    fn a_token_route_with_a_body_gets_the_refusal_the_body_errors_and_the_origin_check() {
        let mut doc = doc(json!({
            "security": [{"bearer": []}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "ok"}}
        }));
        super::add_errors(&mut doc);
        assert_eq!(
            statuses(&doc),
            ["200", "400", "401", "403", "413", "415", "422"]
        );
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            value["paths"]["/api/x/y"]["post"]["responses"]["401"]["$ref"],
            "#/components/responses/RefusedToken"
        );
        assert!(
            value["components"]["responses"]["RefusedToken"]["headers"]["WWW-Authenticate"]
                .is_object()
        );
    }

    #[test]
    fn an_operations_own_answer_stays_and_anyone_gets_no_refusal() {
        let mut doc = doc(json!({
            "security": [{}, {"session_cookie": []}],
            "responses": {"200": {"description": "ok"}, "403": {"description": "mine"}}
        }));
        super::add_errors(&mut doc);
        assert_eq!(statuses(&doc), ["200", "403", "503"]);
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            value["paths"]["/api/x/y"]["post"]["responses"]["403"]["description"],
            "mine"
        );
    }
}
