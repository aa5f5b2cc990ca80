//! The `LanguageServer` implementation: each method delegates to `handlers`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::LanguageServer;

use super::handlers;
use super::session::Session;

pub struct Backend {
    pub session: Arc<Session>,
}

impl Backend {
    pub async fn document_text(
        &self,
        params: handlers::DocumentTextParams,
    ) -> Result<Option<handlers::DocumentTextResult>> {
        handlers::document_text(&self.session, params)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize(&self.session, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::initialized(&self.session).await
    }

    async fn shutdown(&self) -> Result<()> {
        handlers::shutdown(&self.session);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open(&self.session, params)
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change(&self.session, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close(&self.session, params)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::did_change_configuration(&self.session, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::did_change_watched_files(&self.session, params)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover(&self.session, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action(&self.session, params))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        Ok(handlers::code_action_resolve(&self.session, action))
    }
}
