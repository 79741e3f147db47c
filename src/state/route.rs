//! Hash routes (`#/`, `#/lab/ID`, `#/glossary/TERM`, `#/about`): they work
//! from any sub-path of any static server, with no server-side rewrites.
//! Plain `<a href="#/...">` links navigate; [`use_route`] follows
//! `hashchange`.

use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Catalog,
    /// A lab; `shared` holds `control=value` pairs from a shared link
    /// (`#/lab/ID?c1=v1&c2=v2`), applied once when the page opens.
    Lab {
        id: String,
        shared: Vec<(String, String)>,
    },
    About,
    /// The glossary; `term` names the entry to scroll to and highlight
    /// (`#/glossary/ID`).
    Glossary {
        term: Option<String>,
    },
    NotFound {
        hash: String,
    },
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        match path
            .trim_end_matches('/')
            .split('/')
            .collect::<Vec<_>>()
            .as_slice()
        {
            [""] => Route::Catalog,
            ["about"] => Route::About,
            ["glossary"] => Route::Glossary { term: None },
            ["glossary", id] if !id.is_empty() => Route::Glossary {
                term: Some((*id).to_string()),
            },
            ["lab", id] if !id.is_empty() => Route::Lab {
                id: (*id).to_string(),
                shared: query
                    .split('&')
                    .filter(|kv| !kv.is_empty())
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                        (k.to_string(), v.to_string())
                    })
                    .collect(),
            },
            _ => Route::NotFound {
                hash: hash.to_string(),
            },
        }
    }

    /// The `href` for a link to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Catalog | Route::NotFound { .. } => "#/".into(),
            Route::Lab { id, shared } if shared.is_empty() => format!("#/lab/{id}"),
            Route::Lab { id, shared } => {
                let query: Vec<String> = shared.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("#/lab/{id}?{}", query.join("&"))
            }
            Route::About => "#/about".into(),
            Route::Glossary { term: None } => "#/glossary".into(),
            Route::Glossary { term: Some(id) } => format!("#/glossary/{id}"),
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current route, re-rendering on every `hashchange`.
#[hook]
pub fn use_route() -> Route {
    #[cfg(target_arch = "wasm32")]
    {
        let route = use_state(|| Route::from_hash(&current_hash()));
        {
            let route = route.clone();
            use_effect_with((), move |_| {
                let window = web_sys::window().expect("a browser window");
                let listener = gloo::events::EventListener::new(&window, "hashchange", move |_| {
                    route.set(Route::from_hash(&current_hash()));
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                });
                move || drop(listener)
            });
        }
        (*route).clone()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Route::Catalog
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    fn lab(id: &str, shared: &[(&str, &str)]) -> Route {
        Route::Lab {
            id: id.into(),
            shared: shared
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn parses_hashes() {
        assert_eq!(Route::from_hash(""), Route::Catalog);
        assert_eq!(Route::from_hash("#/"), Route::Catalog);
        assert_eq!(Route::from_hash("#/about"), Route::About);
        assert_eq!(
            Route::from_hash("#/lab/shares-contention"),
            lab("shares-contention", &[])
        );
        assert_eq!(Route::from_hash("#/lab/x/"), lab("x", &[]));
        assert!(matches!(Route::from_hash("#/nope"), Route::NotFound { .. }));
    }

    #[test]
    fn glossary_routes_name_an_entry_and_round_trip() {
        let entry = |id: &str| Route::Glossary {
            term: Some(id.into()),
        };
        let all = Route::Glossary { term: None };
        assert_eq!(Route::from_hash("#/glossary"), all);
        assert_eq!(Route::from_hash("#/glossary/"), all);
        assert_eq!(
            Route::from_hash("#/glossary/reservation"),
            entry("reservation")
        );
        assert_eq!(Route::from_hash("glossary/ha-slot/"), entry("ha-slot"));
        assert!(matches!(
            Route::from_hash("#/glossary/a/b"),
            Route::NotFound { .. }
        ));
        assert_eq!(all.href(), "#/glossary");
        assert_eq!(entry("tps").href(), "#/glossary/tps");
        for route in [all, entry("co-stop")] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }

    #[test]
    fn shared_links_carry_control_values_and_round_trip() {
        let shared = lab("a", &[("db-shares", "high"), ("batch-shares", "low")]);
        assert_eq!(
            Route::from_hash("#/lab/a?db-shares=high&batch-shares=low"),
            shared
        );
        assert_eq!(Route::from_hash(&shared.href()), shared);
        assert_eq!(Route::from_hash(&lab("a", &[]).href()), lab("a", &[]));
    }
}
