// The login page of the local stack: a real client of the login API (start, Server-Sent Events, redeem through
// the demo site), plus the simulator panel. ?ttl=<seconds> sets the QR code's lifetime.
const $ = (id) => document.getElementById(id);
const ttl = Number(new URLSearchParams(location.search).get('ttl')) || 300;
let config;
let login;
let verifier;
let events;
let ticking;

async function start() {
  config = await (await fetch('/sim/api/config')).json();
  $('openid').value = config.newOpenId;
  $('new-code').onclick = newCode;
  $('generate').onclick = async () => { $('openid').value = (await (await fetch('/sim/api/config')).json()).newOpenId; };
  $('scan-new').onclick = () => scan(true);
  $('scan-existing').onclick = () => scan(false);
  newCode();
  refreshViews();
  setInterval(refreshViews, 1000);
}

async function newCode() {
  if (events) events.close();
  clearInterval(ticking);
  $('new-code').hidden = true;
  $('identity').hidden = true;
  $('scan-note').hidden = true;
  $('qr-overlay').hidden = true;
  $('qr-overlay').className = '';
  show('LOADING', 'Preparing a QR code…');
  // PKCE (RFC 7636, S256): only whoever holds the verifier can redeem this login's code, so a leaked loginId (and the
  // code it reads) is useless. The page keeps the verifier and hands it to the site with the code; a real site may
  // as well create it server-side and keep it in the session.
  verifier = randomVerifier();
  const codeChallenge = await challengeOf(verifier);
  const response = await fetch(config.loginApiUrl + '/api/qr-logins', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ account: config.account, ttlSeconds: ttl, codeChallenge })
  });
  const body = await response.json();
  if (!response.ok) {
    show('ERROR', 'Cannot start a login: ' + body.message + (body.hint ? ' — ' + body.hint : ''));
    $('new-code').hidden = false;
    return;
  }
  login = body;
  $('qr').dataset.qrContent = login.qrContent;
  $('qr').src = login.qrImageUrl;
  countdown();
  ticking = setInterval(countdown, 250);
  events = new EventSource(config.loginApiUrl + '/api/qr-logins/' + encodeURIComponent(login.loginId) + '/events');
  events.addEventListener('status', (event) => onStatus(JSON.parse(event.data)));
}

function onStatus(status) {
  if (status.loginId !== login.loginId) return;
  if (status.status === 'PENDING') {
    show('PENDING', 'Scan the QR code with WeChat');
    return;
  }
  events.close();
  clearInterval(ticking);
  $('countdown').textContent = '';
  if (status.status === 'SUCCEEDED') {
    signIn(status.code);
  } else if (status.status === 'EXPIRED') {
    overlay('QR code expired');
    show('EXPIRED', 'This QR code expired.');
    $('new-code').hidden = false;
  } else {
    overlay('Rejected');
    show('REJECTED', 'This login was rejected.');
    $('new-code').hidden = false;
  }
}

async function signIn(code) {
  show('SIGNING_IN', 'Signing in…');
  const response = await fetch('/demo/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, codeVerifier: verifier })
  });
  const identity = await response.json();
  if (!response.ok) {
    show('ERROR', 'Sign-in failed: ' + identity.message);
    return;
  }
  overlay('✓', 'done');
  show('SUCCEEDED', 'Logged in');
  $('identity').textContent = 'WeChat user ' + identity.openId + (identity.newFollower ? ' · new follower' : ' · already following')
    + profileText(identity.profile);
  $('identity').hidden = false;
  $('new-code').hidden = false;
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

function randomVerifier() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(codeVerifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function countdown() {
  const left = Math.max(0, Math.round((new Date(login.expiresAt) - Date.now()) / 1000));
  $('countdown').textContent = left > 0
    ? 'expires in ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0')
    : 'expiring…';
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
  if (body.decision && body.decision.outcome === 'REJECTED' && scanned === login
      && $('status').dataset.state !== 'REJECTED') {
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

function show(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
}

function overlay(text, className) {
  $('qr-overlay').textContent = text;
  $('qr-overlay').className = className || '';
  $('qr-overlay').hidden = false;
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
