//! Saving text as a file the reader downloads: a Blob, its object URL and
//! a temporary `<a download>` clicked once (gloo's `file`, as the
//! progress export does). The caller holds the returned URL until the
//! next download: dropping it revokes the URL.

/// The object URL of a download; revoked when dropped.
#[cfg(target_arch = "wasm32")]
pub type DownloadUrl = gloo::file::ObjectUrl;
#[cfg(not(target_arch = "wasm32"))]
pub type DownloadUrl = ();

/// Offers `text` as file `name` of type `mime`.
pub fn download(name: &str, text: &str, mime: &str) -> Option<DownloadUrl> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let blob = gloo::file::Blob::new_with_options(text, Some(mime));
        let url = gloo::file::ObjectUrl::from(blob);
        let a = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())?;
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        a.click();
        Some(url)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (name, text, mime);
        None
    }
}
