//! Labs opened from a file or a link live in `catalog::user` for the
//! session; [`Prefs::my_labs`] keeps their files across reloads. This
//! puts the kept files back into the catalog: at start-up, and when
//! another tab's prefs are adopted (it may have opened one).

use crate::catalog::user;
use crate::state::prefs::Prefs;

/// Parses every kept lab not yet in the catalog (or kept with other
/// text) and adds it. Returns the ids whose file no longer passes the
/// checks (a newer vlab may check more): they stay kept, and the open
/// page offers their text to fix.
pub fn register(prefs: &Prefs) -> Vec<String> {
    let mut broken = Vec::new();
    for (id, kept) in &prefs.my_labs {
        let current = user::get(id);
        if current.is_some_and(|c| c.source == kept.source) {
            continue;
        }
        match user::add(&kept.file, &kept.source) {
            Ok(added) if added == *id => {}
            // Kept under an id its text no longer gives (edited
            // storage): not the lab that was kept.
            Ok(added) => {
                user::remove(&added);
                broken.push(id.clone());
            }
            Err(_) => broken.push(id.clone()),
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::state::prefs::MyLabFile;

    const LAB: &str = include_str!("../../labs/cpu-limit-16vcpu.toml");

    fn kept(id: &str, source: &str) -> Prefs {
        let mut p = Prefs::default();
        p.my_labs.insert(
            id.into(),
            MyLabFile {
                file: "kept.toml".into(),
                source: source.into(),
            },
        );
        p
    }

    #[test]
    fn kept_labs_are_back_in_the_catalog_after_a_reload() {
        let prefs = kept("mine-cpu-limit-16vcpu", LAB);
        assert_eq!(register(&prefs), Vec::<String>::new());
        let lab = catalog::find("mine-cpu-limit-16vcpu").expect("registered");
        assert_eq!(lab.spec.id, "mine-cpu-limit-16vcpu");
        // Registering again changes nothing.
        assert!(register(&prefs).is_empty());
        assert!(std::ptr::eq(
            lab,
            catalog::find("mine-cpu-limit-16vcpu").unwrap()
        ));
    }

    #[test]
    fn a_kept_file_that_no_longer_parses_is_reported_not_fatal() {
        let broken = LAB.replace("id = \"cpu-limit-16vcpu\"", "id = \"kept-broken\"")
            + "\n[[host]]\nname = 1\n";
        let prefs = kept("mine-kept-broken", &broken);
        assert_eq!(register(&prefs), ["mine-kept-broken"]);
        assert!(catalog::find("mine-kept-broken").is_none());
        // Storage edited so the key does not match the file's id.
        let prefs = kept("mine-other", &LAB.replace("cpu-limit-16vcpu", "kept-moved"));
        assert_eq!(register(&prefs), ["mine-other"]);
        assert!(catalog::find("mine-kept-moved").is_none());
    }
}
