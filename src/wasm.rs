//! WebAssembly bindings: signatures and conversions only; the work happens in [`crate::engine`].
//!
//! Every entry returns `Result<_, JsValue>` with a JS `Error` on failure. The release build aborts
//! on panic (wasm has no unwinding here), which kills the instance; the engine is written not to
//! panic, and the JS side re-creates the instance if it ever traps.

use wasm_bindgen::prelude::*;

use crate::engine::{AnnotateOptions, Engine as CoreEngine};

/// Runs once when the module is instantiated: a panic (a bug: the engine is written not to
/// panic) is reported on the console with its message and location before the instance
/// aborts, so the extension's log says what happened; the JS side then resets the instance
/// and carries on with the next page.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("ClaimLens engine panicked: {info}").into());
    }));
}

/// An engine with a loaded corpus.
#[wasm_bindgen]
pub struct Engine {
    inner: CoreEngine,
}

fn error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(error)
}

#[wasm_bindgen]
impl Engine {
    /// Loads a compiled corpus file (the bytes of `claimlens corpus build`'s output).
    #[wasm_bindgen(constructor)]
    pub fn new(corpus: &[u8]) -> Result<Engine, JsValue> {
        CoreEngine::from_corpus_bytes(corpus).map(|inner| Engine { inner }).map_err(error)
    }

    /// Annotates a page's text. `options`: `{published?: "YYYY-MM-DD", exclude?: [articleId]}`.
    pub fn annotate(&self, text: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options: AnnotateOptions = if options.is_undefined() || options.is_null() {
            AnnotateOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| error(format!("invalid options: {e}")))?
        };
        to_js(&self.inner.annotate(text, &options))
    }

    /// The corpus articles' metadata.
    pub fn articles(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.articles())
    }

    /// One corpus article with its text.
    pub fn article(&self, id: &str) -> Result<JsValue, JsValue> {
        match self.inner.article(id) {
            Some(article) => to_js(&article),
            None => Err(error(format!("no article with id {id:?} in the corpus"))),
        }
    }
}
