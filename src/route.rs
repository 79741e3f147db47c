//! Hash routes (`#/`, `#/lab/ID`, `#/about`): they work from any sub-path of
//! any static server, with no server-side rewrites. Plain `<a href="#/...">`
//! links navigate; [`use_route`] follows `hashchange`.

use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Catalog,
    Lab { id: String },
    About,
    NotFound { hash: String },
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split(['?', '&']).next().unwrap_or("");
        match path
            .trim_end_matches('/')
            .split('/')
            .collect::<Vec<_>>()
            .as_slice()
        {
            [""] => Route::Catalog,
            ["about"] => Route::About,
            ["lab", id] if !id.is_empty() => Route::Lab {
                id: (*id).to_string(),
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
            Route::Lab { id } => format!("#/lab/{id}"),
            Route::About => "#/about".into(),
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

    #[test]
    fn parses_hashes() {
        assert_eq!(Route::from_hash(""), Route::Catalog);
        assert_eq!(Route::from_hash("#/"), Route::Catalog);
        assert_eq!(Route::from_hash("#/about"), Route::About);
        assert_eq!(
            Route::from_hash("#/lab/shares-contention"),
            Route::Lab {
                id: "shares-contention".into()
            }
        );
        assert_eq!(Route::from_hash("#/lab/x/"), Route::Lab { id: "x".into() });
        assert!(matches!(Route::from_hash("#/nope"), Route::NotFound { .. }));
        let lab = Route::Lab { id: "a".into() };
        assert_eq!(Route::from_hash(&lab.href()), lab);
    }
}
