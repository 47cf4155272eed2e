// The login page of the local stack: the login widget (SaomaLogin, loaded from the login processor's /widget/ as any
// site would) and the demo site's server-side sign-in, plus the simulator panel. ?ttl=<seconds> sets the QR code's
// lifetime, ?lang=zh-CN the widget's language, ?renew=0 stops it from renewing expired codes by itself.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ttl = Number(params.get('ttl')) || 300;
const lang = params.get('lang') || 'en';
const renew = params.has('renew') ? Number(params.get('renew')) : undefined;
// PKCE (RFC 7636, S256): the widget asks for a fresh challenge for every login it starts (renewals included); the
// page keeps each verifier by its challenge and hands the right one to the site with the code. A real site may as
// well create them server-side and keep them in the session.
const verifiers = new Map();
let config;
let login;
let widgetState;
let widget;

async function start() {
  config = await (await fetch('/sim/api/config')).json();
  $('openid').value = config.newOpenId;
  $('generate').onclick = async () => { $('openid').value = (await (await fetch('/sim/api/config')).json()).newOpenId; };
  $('scan-new').onclick = () => scan(true);
  $('scan-existing').onclick = () => scan(false);
  $('again').onclick = () => { $('again').hidden = true; widget.retry(); };
  refreshViews();
  setInterval(refreshViews, 1000);
  refreshFunnel();
  setInterval(refreshFunnel, 3000);
  await loadWidget(config.loginApiUrl);
  widget = SaomaLogin.mount($('login'), {
    api: config.loginApiUrl,
    account: config.account,
    ttlSeconds: ttl,
    locale: lang,
    autoRenew: renew,
    challenge: newChallenge,
    onLogin: (started) => {
      login = started;
      $('login').dataset.qrContent = started.qrContent;
      $('identity').hidden = true;
      $('scan-note').hidden = true;
    },
    onState: (state) => { widgetState = state; },
    onCode: signIn
  });
}

function loadWidget(base) {
  return new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + '/widget/saoma-login.css';
    document.head.append(css);
    const script = document.createElement('script');
    script.src = base + '/widget/saoma-login.js';
    script.onload = resolve;
    script.onerror = () => {
      $('login').textContent = 'The login widget did not load from ' + script.src;
      reject(new Error('widget not loaded'));
    };
    document.head.append(script);
  });
}

async function newChallenge() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  verifiers.set(challenge, verifier);
  return challenge;
}

// the widget shows "Signing in…" until this settles, then "Logged in" (or an error with a retry button)
async function signIn(code, loginId, challenge) {
  const response = await fetch('/demo/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier: verifiers.get(challenge) })
  });
  const identity = await response.json();
  verifiers.clear();
  if (!response.ok) {
    throw new Error('Sign-in failed: ' + identity.message);
  }
  $('identity').textContent = 'WeChat user ' + identity.openId + (identity.newFollower ? ' · new follower' : ' · already following')
    + profileText(identity.profile);
  $('identity').hidden = false;
  $('again').hidden = false;
}

// the user/info profile the login processor adds for an account that opted in (login.profile.accounts)
function profileText(profile) {
  if (!profile) {
    return '';
  }
  if (!profile.available) {
    return ' · no profile (' + profile.reason + ')';
  }
  return (profile.unionId ? ' · unionid ' + profile.unionId : ' · no unionid') + ' · ' + profile.subscribeScene;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function scan(newFollower) {
  if (!login) return;
  const scanned = login;
  $('scan-result').textContent = 'Scanning…';
  const response = await fetch('/sim/api/scan', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ qrContent: scanned.qrContent, openId: $('openid').value, newFollower })
  });
  const body = await response.json();
  if (!response.ok) {
    $('scan-result').textContent = body.message;
    return;
  }
  $('scan-result').textContent = 'WeChat pushed ' + body.event + ' for ' + body.openId
    + '\nreceiver answered: ' + body.attempts.join(', ') + '\nlogin processor decided: ' + decision(body.decision);
  if (body.decision && body.decision.outcome === 'REJECTED' && scanned === login && widgetState !== 'rejected') {
    $('scan-note').textContent = 'A repeated scan of this code was rejected: ' + body.decision.reason;
    $('scan-note').hidden = false;
  }
}

function decision(decided) {
  if (!decided) return 'nothing on wechat.logins in time (a duplicate push is dropped)';
  return decided.outcome + (decided.reason ? ' (' + decided.reason + ')' : '');
}

// the phone: the chat of the openid in the simulator card (passive replies and customer-service messages)
async function refreshChat() {
  const openId = $('openid').value.trim();
  if (!openId) return;
  const chat = await (await fetch('/sim/api/chat?openId=' + encodeURIComponent(openId))).json();
  $('chat').replaceChildren(...(chat.messages || []).map((message) => {
    const li = document.createElement('li');
    li.className = 'bubble ' + message.kind;
    li.textContent = message.text;
    li.title = message.kind + ' · ' + message.at;
    return li;
  }));
  $('chat-empty').hidden = $('chat').children.length > 0;
}

async function refreshViews() {
  try {
    await refreshChat();
    const authing = await (await fetch('/sim/api/authing')).json();
    $('authing-total').textContent = authing.total;
    $('authing').replaceChildren(...authing.recent.map((relay) => item(relay.receivedAt.substring(11, 19) + ' ' + relay.body)));
    const topics = await (await fetch('/sim/api/topics')).json();
    $('topics').tBodies[0].replaceChildren(...Object.entries(topics).map(([name, view]) => {
      const row = document.createElement('tr');
      row.append(cell(name), cell(view.count, 'count'), cell(view.recent.join('\n'), 'latest'));
      return row;
    }));
  } catch (error) {
    // the stack is stopping
  }
}

// The login funnel card: the demo account's 1-minute windows of the last 15 minutes, as SVG drawn here (no library).
const FUNNEL_MINUTES = 15;
const SVG = 'http://www.w3.org/2000/svg';

async function refreshFunnel() {
  let answer;
  try {
    const response = await fetch('/sim/api/login-funnel');
    answer = await response.json();
    if (!response.ok) {
      $('funnel-summary').textContent = 'The funnel is not available: ' + (answer.message || response.status);
      return;
    }
  } catch (error) {
    return; // the stack is stopping
  }
  const minutes = lastMinutes(answer.windows || []);
  const total = (field) => minutes.reduce((sum, minute) => sum + minute[field], 0);
  const started = total('started');
  const scanned = total('scanned');
  const succeeded = total('succeeded');
  const percent = (part) => started ? ' (' + Math.round(100 * part / started) + '%)' : '';
  $('funnel-summary').textContent = 'Last ' + FUNNEL_MINUTES + ' minutes: started ' + started + ' → scanned ' + scanned
    + percent(scanned) + ' → succeeded ' + succeeded + percent(succeeded) + ' (' + total('succeededNewFollowers')
    + ' new followers) · expired ' + total('expired') + ' · rejected ' + total('rejected');
  $('funnel').dataset.started = started;
  $('funnel').dataset.succeeded = succeeded;
  drawConversion($('funnel-conversion'), minutes);
  drawTimeToScan($('funnel-time'), minutes);
}

// one entry per minute, oldest first, zeros for minutes without a window
function lastMinutes(windows) {
  const byStart = new Map(windows.map((window) => [Date.parse(window.windowStart), window]));
  const now = Math.floor(Date.now() / 60000) * 60000;
  const minutes = [];
  for (let i = FUNNEL_MINUTES - 1; i >= 0; i--) {
    const start = now - i * 60000;
    const window = byStart.get(start);
    minutes.push(window || { windowStart: new Date(start).toISOString(), started: 0, scanned: 0, succeeded: 0,
      succeededNewFollowers: 0, expired: 0, rejected: 0, timeToScan: { count: 0 } });
  }
  return minutes;
}

function svgNode(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// the frame both charts share: 600 x 180, a y axis label at the top, minute labels below
const CHART = { left: 34, right: 590, top: 10, bottom: 155 };

function frame(svg, minutes, max, unit) {
  const nodes = [svgNode('line', { class: 'axis', x1: CHART.left, y1: CHART.bottom, x2: CHART.right, y2: CHART.bottom }),
    svgNode('text', { x: 2, y: CHART.top + 8 }, max + unit), svgNode('text', { x: 2, y: CHART.bottom }, '0')];
  const step = (CHART.right - CHART.left) / minutes.length;
  minutes.forEach((minute, i) => {
    if (i % 3 === 0 || i === minutes.length - 1) {
      nodes.push(svgNode('text', { x: CHART.left + i * step + 2, y: CHART.bottom + 16 }, minute.windowStart.substring(11, 16)));
    }
  });
  svg.replaceChildren(...nodes);
  return step;
}

function drawConversion(svg, minutes) {
  const max = Math.max(1, ...minutes.map((minute) => minute.started), ...minutes.map((minute) => minute.scanned));
  const step = frame(svg, minutes, max, '');
  const height = CHART.bottom - CHART.top;
  const bar = (step - 6) / 3;
  minutes.forEach((minute, i) => {
    ['started', 'scanned', 'succeeded'].forEach((field, j) => {
      const h = height * minute[field] / max;
      const rect = svgNode('rect', { class: field, x: CHART.left + i * step + 3 + j * bar, y: CHART.bottom - h,
        width: Math.max(1, bar - 1), height: h });
      rect.append(svgNode('title', {}, minute.windowStart.substring(11, 16) + ' ' + field + ' ' + minute[field]));
      svg.append(rect);
    });
  });
}

function drawTimeToScan(svg, minutes) {
  const seconds = (millis) => (millis === null || millis === undefined) ? null : millis / 1000;
  const values = minutes.flatMap((minute) => [seconds(minute.timeToScan.p50Millis), seconds(minute.timeToScan.p90Millis)])
    .filter((value) => value !== null);
  const max = Math.max(1, Math.ceil(Math.max(0, ...values)));
  const step = frame(svg, minutes, max, 's');
  const height = CHART.bottom - CHART.top;
  ['p50', 'p90'].forEach((percentile) => {
    const points = [];
    minutes.forEach((minute, i) => {
      const value = seconds(minute.timeToScan[percentile + 'Millis']);
      if (value === null) return;
      const x = CHART.left + i * step + step / 2;
      const y = CHART.bottom - height * value / max;
      points.push(x + ',' + y);
      const dot = svgNode('circle', { class: percentile, cx: x, cy: y, r: 3 });
      dot.append(svgNode('title', {}, minute.windowStart.substring(11, 16) + ' ' + percentile + ' ' + value + ' s'));
      svg.append(dot);
    });
    if (points.length > 1) svg.append(svgNode('polyline', { class: percentile, points: points.join(' ') }));
  });
}

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.style.whiteSpace = 'pre-wrap';
  if (className) td.className = className;
  return td;
}

start();
