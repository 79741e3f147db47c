//! Writing an element's attribute only when its value changes (issue 18).
//! Chromium restyles the page when an attribute is set, even to the value
//! it already has: on `<html>` after every control change that was 15-36
//! ms at 4x CPU, and on each chart's canvas it made the next chart's size
//! wait for a restyle.

/// Sets `name` to `value` (`None`: removes it), unless it already is.
pub fn set_if_changed(el: &web_sys::Element, name: &str, value: Option<&str>) {
    if el.get_attribute(name).as_deref() == value {
        return;
    }
    let _ = match value {
        Some(v) => el.set_attribute(name, v),
        None => el.remove_attribute(name),
    };
}
