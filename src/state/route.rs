//! Hash routes (`#/`, `#/lab/ID`, `#/glossary/TERM`, `#/about`, `#/open`): they work
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
    /// The sandbox: build a cluster in forms, run it, save it (`#/sandbox`).
    Sandbox,
    /// The glossary; `term` names the entry to scroll to and highlight
    /// (`#/glossary/ID`).
    Glossary {
        term: Option<String>,
    },
    /// Open a lab file (`#/open`); `lab` is a lab carried in a share
    /// link (`#/open?lab=PAYLOAD`, see `lab_link`) and `shared` the
    /// control values after it, applied once the lab opens.
    Open {
        lab: Option<String>,
        file: Option<String>,
        shared: Vec<(String, String)>,
    },
    NotFound {
        hash: String,
    },
}

/// A query's `key=value` pairs in order, without the teacher settings
/// ([`LinkFlags`]): those are the app's, not the lab's.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), v.to_string())
        })
        .filter(|(k, _)| !LinkFlags::KEYS.contains(&k.as_str()))
        .collect()
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
            ["sandbox"] => Route::Sandbox,
            ["glossary"] => Route::Glossary { term: None },
            ["glossary", id] if !id.is_empty() => Route::Glossary {
                term: Some((*id).to_string()),
            },
            ["lab", id] if !id.is_empty() => Route::Lab {
                id: (*id).to_string(),
                shared: query_pairs(query),
            },
            ["open"] => {
                let mut shared = query_pairs(query);
                let mut take = |key: &str| {
                    let i = shared.iter().position(|(k, _)| k == key)?;
                    Some(shared.remove(i).1)
                };
                let lab = take(crate::state::lab_link::KEY);
                let file = take(crate::state::lab_link::FILE_KEY);
                Route::Open { lab, file, shared }
            }
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
            Route::Sandbox => "#/sandbox".into(),
            Route::Open { lab, file, shared } => {
                use crate::state::lab_link::{FILE_KEY, KEY};
                let query: Vec<String> = lab
                    .iter()
                    .map(|l| format!("{KEY}={l}"))
                    .chain(file.iter().map(|f| format!("{FILE_KEY}={f}")))
                    .chain(shared.iter().map(|(k, v)| format!("{k}={v}")))
                    .collect();
                if query.is_empty() {
                    "#/open".into()
                } else {
                    format!("#/open?{}", query.join("&"))
                }
            }
            Route::Glossary { term: None } => "#/glossary".into(),
            Route::Glossary { term: Some(id) } => format!("#/glossary/{id}"),
        }
    }
}

/// Teacher settings a link may carry in its query, on any route (as PhET
/// puts teacher settings in the URL): `present=on|off` turns presenter
/// mode on or off, `answers=hidden|released` hides or releases answers
/// and solutions. The browser keeps them (prefs) until another link
/// changes them. Other values are ignored: a student cannot do more with
/// them than the buttons allow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LinkFlags {
    pub presenter: Option<bool>,
    pub answers_hidden: Option<bool>,
}

impl LinkFlags {
    /// The query keys that are teacher settings, never a lab's controls.
    pub const KEYS: [&'static str; 2] = ["present", "answers"];

    /// The flags in `hash`'s query (`#/lab/x?answers=hidden&present=on`).
    pub fn from_hash(hash: &str) -> LinkFlags {
        let query = hash.split_once('?').map_or("", |(_, q)| q);
        let mut flags = LinkFlags::default();
        for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
            match (k, v) {
                ("present", "on") => flags.presenter = Some(true),
                ("present", "off") => flags.presenter = Some(false),
                ("answers", "hidden") => flags.answers_hidden = Some(true),
                ("answers", "released") => flags.answers_hidden = Some(false),
                _ => {}
            }
        }
        flags
    }
}

/// The teacher settings in the address bar now.
pub fn current_flags() -> LinkFlags {
    #[cfg(target_arch = "wasm32")]
    {
        LinkFlags::from_hash(&current_hash())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        LinkFlags::default()
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
        assert_eq!(Route::from_hash("#/sandbox"), Route::Sandbox);
        assert_eq!(Route::Sandbox.href(), "#/sandbox");
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
    fn teacher_flags_are_read_from_any_route_and_kept_out_of_control_values() {
        use super::LinkFlags;
        let hash = "#/lab/a?db-shares=high&answers=hidden&present=on";
        assert_eq!(Route::from_hash(hash), lab("a", &[("db-shares", "high")]));
        assert_eq!(
            LinkFlags::from_hash(hash),
            LinkFlags {
                presenter: Some(true),
                answers_hidden: Some(true),
            }
        );
        assert_eq!(
            LinkFlags::from_hash("#/?answers=released&present=off").answers_hidden,
            Some(false)
        );
        // Anything else changes nothing.
        assert_eq!(
            LinkFlags::from_hash("#/lab/a?answers=maybe&present=1"),
            LinkFlags::default()
        );
        assert_eq!(LinkFlags::from_hash("#/about"), LinkFlags::default());
    }

    #[test]
    fn the_open_route_carries_a_lab_and_its_values_and_round_trips() {
        let open = |lab: Option<&str>, shared: &[(&str, &str)]| Route::Open {
            lab: lab.map(str::to_string),
            file: lab.map(|_| "x.toml".to_string()),
            shared: shared
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        assert_eq!(Route::from_hash("#/open"), open(None, &[]));
        assert_eq!(Route::from_hash("#/open/"), open(None, &[]));
        assert_eq!(
            Route::from_hash("#/open"),
            Route::Open {
                lab: None,
                file: None,
                shared: Vec::new()
            }
        );
        let link = "#/open?lab=eJzL-_8&file=x.toml&db-shares=high&present=on";
        assert_eq!(
            Route::from_hash(link),
            open(Some("eJzL-_8"), &[("db-shares", "high")])
        );
        for route in [open(None, &[]), open(Some("x_-1"), &[("c", "2")])] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
        // The link lab_link makes is this route.
        let payload = crate::state::lab_link::encode("id = \"x\"\n");
        let pairs = vec![("c".to_string(), "2".to_string())];
        let crate::state::lab_link::Share::Link(url) =
            crate::state::lab_link::share("https://h/p/", "x.toml", "id = \"x\"\n", &pairs)
        else {
            panic!("a short lab fits");
        };
        let hash = url.split_once('#').unwrap().1;
        assert_eq!(Route::from_hash(hash), open(Some(&payload), &[("c", "2")]));
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
