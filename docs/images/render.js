// Renders a guardduty-slack payload (its text and one attachment of blocks) to an HTML page as Slack lays it out,
// for the pictures in docs/images. With slack-blocks-to-jsx (MIT), react and react-dom from npm, and Chromium:
//
//   npm install --prefix target/render slack-blocks-to-jsx react react-dom
//   ./mvnw -q compile exec:java -Dexec.args=events/finding-high.json | sed -n '/^{/,/^}/p' > target/high.json
//   NODE_PATH=target/render/node_modules node docs/images/render.js target/high.json target/high.html
//   chromium --headless --no-sandbox --hide-scrollbars --window-size=800,800 \
//     --screenshot=docs/images/finding-high.png "file://$PWD/target/high.html"
//
// Compare the picture with the message in Slack (or the Block Kit Builder link the preview prints) before
// publishing it: the renderer is not Slack.
const fs = require('fs');
const React = require('react');
const { renderToStaticMarkup } = require('react-dom/server');
const { Message } = require('slack-blocks-to-jsx');
const payload = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const attachment = payload.attachments[0];
// verbatim only stops Slack's auto-linking; this renderer would show mrkdwn raw under it. The renderer also reads
// the minutes of a time (20:40:06) as an emoji shortcode, so their colons are drawn with a look-alike (U+2236);
// Slack shows the time as it is.
const blocks = JSON.parse(JSON.stringify(attachment.blocks, (k, v) => (k === 'verbatim' ? undefined : v))
  .replace(/(\d):(\d\d)/g, '$1\u2236$2'));
const logo = 'data:image/svg+xml;base64,' + Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="36" height="36"><rect width="36" height="36" rx="6" fill="#232f3e"/><text x="18" y="24" font-size="16" text-anchor="middle" fill="#ff9900" font-family="sans-serif">GD</text></svg>').toString('base64');
const css = fs.readFileSync(require.resolve('slack-blocks-to-jsx/dist/style.css'), 'utf8');
const message = React.createElement(Message, { blocks, name: 'GuardDuty', logo, theme: 'light',
  withoutWrapper: true });
const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body{margin:0;padding:16px 20px;background:#fff;font-family:Lato,'Helvetica Neue',Arial,sans-serif;width:760px}
.bar{border-left:4px solid ${attachment.color};padding-left:12px;margin-left:48px}
.row{display:flex;gap:8px}.logo{width:36px;height:36px;border-radius:6px}
.name{font-weight:900;font-size:15px}.app{font-size:10px;background:#e8e8e8;color:#616061;border-radius:2px;padding:1px 3px;margin-left:4px;vertical-align:2px}
.time{color:#616061;font-size:12px;margin-left:6px}.text{font-size:15px;color:#1d1c1d;margin:2px 0 6px}
</style></head><body><div class="row"><img class="logo" src="${logo}"><div style="flex:1">
<div><span class="name">GuardDuty</span><span class="app">APP</span><span class="time">10:14 AM</span></div>
<div class="text">${esc(payload.text)}</div></div></div>
<div class="bar">${renderToStaticMarkup(message)}</div></body></html>`;
fs.writeFileSync(process.argv[3], html);
