/** Styles of the local preview. The sidebar column is 320 px, as a Zendesk ticket sidebar is. */
export const PREVIEW_CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #2f3941; }
body { margin: 0; background: #f8f9f9; }
.top { padding: 8px 16px; background: #03363d; color: #fff; }
.top h1 { margin: 0; font-size: 18px; }
.top .muted { color: #c2c8cc; }
.layout { display: grid; grid-template-columns: 300px 1fr; min-height: calc(100vh - 60px); }
.cases { border-right: 1px solid #d8dcde; padding: 8px 12px; overflow: auto; max-height: calc(100vh - 60px); background: #fff; }
.cases ul { list-style: none; padding: 0; margin: 0; }
.cases li { padding: 6px 4px; border-bottom: 1px solid #e9ebed; }
.cases li.selected { background: #edf7ff; }
.desk { display: grid; grid-template-columns: 1fr 320px; gap: 0; }
.ticket { padding: 12px 20px; overflow: auto; max-height: calc(100vh - 60px); }
.ticket .comment { border-top: 1px solid #e9ebed; margin-top: 8px; }
.ticket .comment.agent { background: #f3f9f4; }
pre, .body { white-space: pre-wrap; word-break: break-word; font-family: inherit; margin: 4px 0; }
.app-frame { padding: 12px 16px; }
.app-frame iframe { width: 100%; height: 900px; border: 1px solid #d8dcde; background: #fff; }
.sidebar-frame { box-sizing: border-box; width: 320px; border-left: 1px solid #d8dcde; background: #fff; overflow: auto; max-height: calc(100vh - 60px); }
.sidebar { padding: 8px 12px; }
.sidebar h2 { font-size: 15px; margin: 4px 0; }
.sidebar h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: #68737d; }
.sidebar h4 { font-size: 13px; margin: 8px 0 2px; }
.sidebar ul { padding-left: 16px; margin: 4px 0; }
.chips details { display: inline-block; margin: 2px 2px 2px 0; }
.pill { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; background: #e9ebed; }
.tone-danger { background: #fde8e9; color: #8c232c; }
.tone-warning { background: #fff7ed; color: #ad5918; }
.tone-success { background: #edf8f4; color: #186146; }
.tone-info { background: #edf7ff; color: #1f73b7; }
.muted { color: #68737d; font-size: 12px; }
.reasons { font-size: 12px; color: #49545c; }
.draft pre { background: #f8f9f9; border: 1px solid #e9ebed; padding: 6px; }
.excerpt { font-size: 12px; }
q { font-style: italic; }
.empty { padding: 24px; }
`;
