/*!
 * @saoma/login-widget: WeChat "scan the QR code and follow to log in" for any page, on the saoma login API.
 * Plain ES2017, no dependencies, no build step. Sets window.SaomaLogin (and module.exports where there is one).
 *
 *   var login = SaomaLogin.mount(element, { api, account, challenge, onCode, onError, locale });
 *   login.destroy();
 *
 * Strict Content-Security-Policy: the script sets no inline style and creates no <style> element; all styling is in
 * saoma-login.css (classes, data-state and the hidden attribute). See README.md.
 */
(function (root, factory) {
  'use strict';
  var SaomaLogin = factory(root);
  if (typeof module === 'object' && module && module.exports) {
    module.exports = SaomaLogin;
  }
  if (root) {
    root.SaomaLogin = SaomaLogin;
  }
}(typeof window !== 'undefined' ? window : null, function (window) {
  'use strict';

  var VERSION = '0.1.0';

  /** Polling interval when Server-Sent Events are unavailable (no EventSource, or a proxy blocks the stream). */
  var POLL_MS = 2000;

  /** Failed EventSource connection attempts (without one ever opening) before falling back to polling. */
  var SSE_ATTEMPTS = 3;

  /** How long a replaced login is still watched after its expiry: a scan made in time may still win. */
  var PREVIOUS_WATCH_MS = 60000;

  /** Longest wait a Retry-After may impose before the widget asks again. */
  var MAX_RETRY_AFTER_S = 300;

  var TEXTS = {
    'zh-CN': {
      loading: '正在生成二维码…',
      waiting: '请使用微信扫一扫，关注公众号即可登录',
      qrAlt: '微信登录二维码，请使用微信扫一扫',
      countdown: '{time} 后过期',
      refreshing: '二维码已过期，正在刷新…',
      expired: '二维码已过期',
      completing: '正在登录…',
      success: '登录成功',
      rejected: '本次登录被拒绝，请重新获取二维码',
      rateLimited: '请求过于频繁，{seconds} 秒后自动重试',
      busy: '登录服务繁忙，{seconds} 秒后自动重试',
      errorNetwork: '无法连接登录服务，请检查网络后重试',
      errorStart: '暂时无法获取二维码，请重试',
      errorImage: '二维码图片加载失败，请重试',
      errorSignIn: '登录未完成，请重试',
      retry: '重试',
      newCode: '刷新二维码',
      successMark: '✓'
    },
    en: {
      loading: 'Preparing a QR code…',
      waiting: 'Scan the QR code with WeChat',
      qrAlt: 'QR code to log in: scan it with WeChat',
      countdown: 'expires in {time}',
      refreshing: 'QR code expired, getting a new one…',
      expired: 'This QR code expired.',
      completing: 'Signing in…',
      success: 'Logged in',
      rejected: 'This login was rejected. Get a new QR code to try again.',
      rateLimited: 'Too many attempts; trying again in {seconds} s',
      busy: 'The login service is busy; trying again in {seconds} s',
      errorNetwork: 'Cannot reach the login service. Check your connection and try again.',
      errorStart: 'Could not get a QR code. Please try again.',
      errorImage: 'The QR code image did not load. Please try again.',
      errorSignIn: 'Signing in did not complete. Please try again.',
      retry: 'Try again',
      newCode: 'New QR code',
      successMark: '✓'
    }
  };

  function localeOf(locale) {
    var name = String(locale || 'zh-CN');
    return /^en\b/i.test(name) ? 'en' : 'zh-CN';
  }

  function format(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function element(document, tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }

  /** An error handed to onError: a stable code, the HTTP status if any, and the API's message. */
  function loginError(code, message, status, cause) {
    var error = new Error(message || code);
    error.name = 'SaomaLoginError';
    error.code = code;
    if (status !== undefined) {
      error.status = status;
    }
    if (cause !== undefined) {
      error.cause = cause;
    }
    return error;
  }

  function retryAfterSeconds(response) {
    var value = response.headers.get('Retry-After');
    var seconds = value ? parseInt(value, 10) : NaN;
    if (isNaN(seconds) && value) {
      seconds = Math.ceil((Date.parse(value) - Date.now()) / 1000);
    }
    if (isNaN(seconds) || seconds < 1) {
      seconds = 5;
    }
    return Math.min(seconds, MAX_RETRY_AFTER_S);
  }

  function readJson(response) {
    return response.json().catch(function () {
      return {};
    });
  }

  /** An absolute URL as is; a path (the API's qrSvgUrl, qrPngUrl) below the API's base, path prefix included. */
  function resolveUrl(base, path) {
    if (!path) {
      return null;
    }
    var url = /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : base + (path.charAt(0) === '/' ? '' : '/') + path;
    try {
      return new URL(url, (window && window.location) ? window.location.href : undefined).href;
    }
    catch (ignored) {
      return null;
    }
  }

  function Widget(host, options) {
    var document = host.ownerDocument;
    this.document = document;
    this.host = host;
    this.options = options;
    this.api = String(options.api).replace(/\/+$/, '');
    this.locale = localeOf(options.locale);
    this.texts = Object.assign({}, TEXTS[this.locale], options.texts || {});
    this.autoRenew = (options.autoRenew === undefined || options.autoRenew === true) ? 5
      : Math.max(0, Number(options.autoRenew) || 0);
    this.generation = 0;
    this.renewals = 0;
    this.current = null;
    this.previous = null;
    this.decided = false;
    this.destroyed = false;
    this.timers = {};
    this.renewWhenVisible = false;
    this.build(document);
    var widget = this;
    this.onVisibility = function () {
      if (widget.renewWhenVisible && !document.hidden) {
        widget.renewWhenVisible = false;
        widget.renew();
      }
    };
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  Widget.prototype.build = function (document) {
    var root = element(document, 'div', 'saoma-login');
    root.setAttribute('lang', this.locale);
    root.setAttribute('tabindex', '-1');
    var frame = element(document, 'div', 'saoma-login__frame');
    var qr = element(document, 'img', 'saoma-login__qr');
    qr.alt = this.texts.qrAlt;
    qr.width = 220;
    qr.height = 220;
    qr.decoding = 'async';
    qr.referrerPolicy = 'no-referrer';
    qr.hidden = true;
    var overlay = element(document, 'div', 'saoma-login__overlay');
    overlay.setAttribute('aria-hidden', 'true');
    overlay.hidden = true;
    var spinner = element(document, 'div', 'saoma-login__spinner');
    spinner.setAttribute('aria-hidden', 'true');
    frame.appendChild(qr);
    frame.appendChild(overlay);
    frame.appendChild(spinner);
    var status = element(document, 'p', 'saoma-login__status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('aria-atomic', 'true');
    var countdown = element(document, 'p', 'saoma-login__countdown');
    // read on demand, never announced every second
    countdown.setAttribute('aria-live', 'off');
    countdown.hidden = true;
    var button = element(document, 'button', 'saoma-login__retry');
    button.type = 'button';
    button.hidden = true;
    var widget = this;
    button.addEventListener('click', function () {
      widget.retryByHand();
    });
    qr.addEventListener('load', function () {
      widget.imageLoaded();
    });
    qr.addEventListener('error', function () {
      widget.imageFailed();
    });
    root.appendChild(frame);
    root.appendChild(status);
    root.appendChild(countdown);
    root.appendChild(button);
    this.root = root;
    this.qr = qr;
    this.overlay = overlay;
    this.status = status;
    this.countdown = countdown;
    this.button = button;
    this.host.appendChild(root);
  };

  // ---- states ----

  Widget.prototype.setState = function (state, text) {
    this.state = state;
    this.root.setAttribute('data-state', state);
    if (this.status.textContent !== text) {
      this.status.textContent = text;
    }
    if (typeof this.options.onState === 'function') {
      this.safely(this.options.onState, [state]);
    }
  };

  Widget.prototype.showButton = function (text) {
    var focusWasInside = this.root.contains(this.document.activeElement);
    this.button.textContent = text;
    this.button.hidden = false;
    // move focus only if the person was working in the widget: never steal it from the rest of the page
    if (focusWasInside) {
      this.button.focus();
    }
  };

  Widget.prototype.hideButton = function () {
    var hadFocus = this.document.activeElement === this.button;
    this.button.hidden = true;
    if (hadFocus) {
      this.root.focus();
    }
  };

  Widget.prototype.showOverlay = function (text, kind) {
    this.overlay.textContent = text || '';
    this.overlay.className = 'saoma-login__overlay' + (kind ? ' saoma-login__overlay--' + kind : '');
    this.overlay.hidden = false;
  };

  Widget.prototype.hideCountdown = function () {
    this.stopTimer('tick');
    this.countdown.hidden = true;
    this.countdown.textContent = '';
  };

  Widget.prototype.fail = function (error, text) {
    this.stopEverything();
    this.hideCountdown();
    this.showOverlay('', 'error');
    this.setState('error', text);
    this.showButton(this.texts.retry);
    this.report(error);
  };

  Widget.prototype.report = function (error) {
    if (typeof this.options.onError === 'function') {
      this.safely(this.options.onError, [error]);
    }
  };

  Widget.prototype.safely = function (callback, args) {
    try {
      return callback.apply(null, args);
    }
    catch (error) {
      if (window && window.console) {
        window.console.error('SaomaLogin: a callback threw', error);
      }
      return undefined;
    }
  };

  // ---- starting logins ----

  Widget.prototype.start = function () {
    this.newLogin(false);
  };

  Widget.prototype.retryByHand = function () {
    this.renewals = 0;
    this.decided = false;
    this.hideButton();
    this.newLogin(false);
  };

  Widget.prototype.renew = function () {
    if (this.destroyed || this.decided) {
      return;
    }
    this.newLogin(true);
  };

  Widget.prototype.newLogin = async function (renewing) {
    var generation = ++this.generation;
    var widget = this;
    var stale = function () {
      return widget.destroyed || widget.decided || generation !== widget.generation;
    };
    this.stopTimer('retry');
    this.hideCountdown();
    if (renewing) {
      this.showOverlay(this.texts.refreshing, 'refreshing');
      this.setState('refreshing', this.texts.refreshing);
    }
    else {
      this.showOverlay('', 'loading');
      this.setState('loading', this.texts.loading);
    }
    var challenge;
    try {
      challenge = (typeof this.options.challenge === 'function') ? await this.options.challenge()
        : this.options.challenge;
    }
    catch (cause) {
      if (!stale()) {
        this.fail(loginError('challenge_failed', 'options.challenge failed', undefined, cause),
          this.texts.errorStart);
      }
      return;
    }
    if (stale()) {
      return;
    }
    var body = { account: String(this.options.account) };
    if (this.options.ttlSeconds) {
      body.ttlSeconds = Number(this.options.ttlSeconds);
    }
    if (challenge) {
      body.codeChallenge = String(challenge);
    }
    var response;
    var answer;
    try {
      response = await window.fetch(this.api + '/api/qr-logins', {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      });
      answer = await readJson(response);
    }
    catch (cause) {
      if (!stale()) {
        this.fail(loginError('network', 'the login API did not answer', undefined, cause), this.texts.errorNetwork);
      }
      return;
    }
    if (stale()) {
      return;
    }
    if (response.status === 429 || response.status === 503) {
      var seconds = retryAfterSeconds(response);
      var limited = response.status === 429;
      this.showOverlay('', 'error');
      this.setState(limited ? 'rate-limited' : 'busy',
        format(limited ? this.texts.rateLimited : this.texts.busy, { seconds: seconds }));
      this.report(loginError(answer.error || (limited ? 'too_many_requests' : 'unavailable'), answer.message,
        response.status));
      this.startTimer('retry', 'timeout', seconds * 1000, function () {
        widget.newLogin(renewing);
      });
      return;
    }
    if (!response.ok || !answer.loginId) {
      this.fail(loginError(answer.error || 'start_failed', answer.message, response.status), this.texts.errorStart);
      return;
    }
    this.begin(answer, challenge, response, renewing);
  };

  Widget.prototype.begin = function (answer, challenge, response, renewing) {
    var serverDate = Date.parse(response.headers.get('Date') || '');
    // the server's clock decides expiry: count down on it when its Date header is readable
    var skew = isNaN(serverDate) ? 0 : serverDate - Date.now();
    var login = {
      id: String(answer.loginId),
      qrContent: answer.qrContent,
      challenge: challenge,
      expiresAt: Date.parse(answer.expiresAt) - (Math.abs(skew) > 2000 ? skew : 0),
      images: [answer.qrSvgUrl, answer.qrPngUrl, answer.qrImageUrl]
        .map(function (url) {
          return resolveUrl(this.api, url);
        }, this)
        .filter(function (url) {
          return url;
        }),
      done: false
    };
    if (!renewing || !this.current || this.current.done) {
      this.stopWatching(this.current);
    }
    else {
      this.keepAsPrevious(this.current);
    }
    this.current = login;
    this.showImage(login, 0);
    if (typeof this.options.onLogin === 'function') {
      this.safely(this.options.onLogin, [{ loginId: login.id, qrContent: login.qrContent,
        expiresAt: answer.expiresAt }]);
    }
    this.watch(login);
  };

  Widget.prototype.keepAsPrevious = function (login) {
    this.stopWatching(this.previous);
    this.previous = login;
    var widget = this;
    this.startTimer('previous', 'timeout', Math.max(0, login.expiresAt + PREVIOUS_WATCH_MS - Date.now()),
      function () {
        if (widget.previous === login) {
          widget.stopWatching(login);
          widget.previous = null;
        }
      });
  };

  // ---- the QR image ----

  Widget.prototype.showImage = function (login, index) {
    login.image = index;
    if (index >= login.images.length) {
      this.fail(loginError('qr_image_unavailable', 'no QR image could be loaded'), this.texts.errorImage);
      return;
    }
    this.qr.src = login.images[index];
  };

  Widget.prototype.imageLoaded = function () {
    var login = this.current;
    if (!login || this.decided || login.done || this.qr.src !== login.images[login.image]) {
      return;
    }
    this.qr.hidden = false;
    this.overlay.hidden = true;
    this.overlay.textContent = '';
    this.setState('waiting', this.texts.waiting);
    this.tick();
    var widget = this;
    this.startTimer('tick', 'interval', 1000, function () {
      widget.tick();
    });
  };

  Widget.prototype.imageFailed = function () {
    var login = this.current;
    if (!login || this.decided || login.done || this.qr.src !== login.images[login.image]) {
      return;
    }
    this.showImage(login, login.image + 1);
  };

  Widget.prototype.tick = function () {
    var login = this.current;
    var left = Math.max(0, Math.ceil((login.expiresAt - Date.now()) / 1000));
    if (left <= 0) {
      this.expired(login);
      return;
    }
    var time = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    this.countdown.textContent = format(this.texts.countdown, { time: time });
    this.countdown.hidden = false;
  };

  // ---- status: Server-Sent Events, or polling ----

  Widget.prototype.statusUrl = function (login) {
    return this.api + '/api/qr-logins/' + encodeURIComponent(login.id);
  };

  Widget.prototype.watch = function (login) {
    if (typeof window.EventSource !== 'function' || this.options.transport === 'poll') {
      this.poll(login);
      return;
    }
    var widget = this;
    var source = new window.EventSource(this.statusUrl(login) + '/events');
    var opened = false;
    var failures = 0;
    login.source = source;
    source.onopen = function () {
      opened = true;
      failures = 0;
    };
    source.addEventListener('status', function (event) {
      var status;
      try {
        status = JSON.parse(event.data);
      }
      catch (ignored) {
        return;
      }
      widget.onStatus(login, status);
    });
    source.onerror = function () {
      if (login.done || login.source !== source) {
        return;
      }
      // CLOSED: the stream was refused (an error status, not an event stream); EventSource gives up for good.
      // Otherwise it reconnects by itself (a stream that ended undecided says when); only a connection that
      // never opens, again and again, means something between blocks the stream.
      failures += opened ? 0 : 1;
      if (source.readyState === window.EventSource.CLOSED || failures >= SSE_ATTEMPTS) {
        source.close();
        login.source = null;
        widget.poll(login);
      }
    };
  };

  Widget.prototype.poll = function (login) {
    var widget = this;
    var ask = async function () {
      if (login.done || widget.destroyed) {
        return;
      }
      var delay = POLL_MS;
      try {
        var response = await window.fetch(widget.statusUrl(login), { mode: 'cors', credentials: 'omit',
          cache: 'no-store' });
        if (response.status === 200) {
          widget.onStatus(login, await response.json());
        }
        else if (response.status === 404) {
          // removed: a login nobody scanned in time
          widget.onStatus(login, { loginId: login.id, status: 'EXPIRED' });
        }
        else if (response.status === 429 || response.status === 503) {
          delay = retryAfterSeconds(response) * 1000;
        }
      }
      catch (ignored) {
        // the network or the server: ask again
      }
      if (!login.done && !widget.destroyed) {
        login.pollTimer = window.setTimeout(ask, delay);
      }
    };
    ask();
  };

  Widget.prototype.stopWatching = function (login) {
    if (!login) {
      return;
    }
    login.done = true;
    if (login.source) {
      login.source.close();
      login.source = null;
    }
    window.clearTimeout(login.pollTimer);
  };

  Widget.prototype.onStatus = function (login, status) {
    if (login.done || this.destroyed || !status || status.loginId !== login.id) {
      return;
    }
    if (status.status === 'PENDING') {
      return;
    }
    this.stopWatching(login);
    if (status.status === 'SUCCEEDED') {
      this.succeeded(login, status.code);
    }
    else if (login !== this.current) {
      // a replaced login that expired (or was rejected) after all
      if (this.previous === login) {
        this.previous = null;
      }
    }
    else if (status.status === 'EXPIRED') {
      this.expired(login);
    }
    else {
      this.stopEverything();
      this.hideCountdown();
      this.showOverlay('', 'rejected');
      this.setState('rejected', this.texts.rejected);
      this.showButton(this.texts.newCode);
    }
  };

  Widget.prototype.expired = function (login) {
    if (login !== this.current || login.expiredHandled || this.decided) {
      return;
    }
    login.expiredHandled = true;
    this.hideCountdown();
    if (this.renewals >= this.autoRenew) {
      // the person is away: stop spending the account's QR code quota until they ask (a scan made in time may still
      // arrive, so a login the server has not decided yet is still watched)
      this.showOverlay(this.texts.expired, 'expired');
      this.setState('expired', this.texts.expired);
      this.showButton(this.texts.newCode);
      return;
    }
    if (this.document.hidden) {
      this.showOverlay(this.texts.expired, 'expired');
      this.setState('expired', this.texts.expired);
      this.renewWhenVisible = true;
      return;
    }
    this.renewals++;
    this.renew();
  };

  Widget.prototype.succeeded = function (login, code) {
    if (this.decided) {
      return;
    }
    this.decided = true;
    // stops the other login too: a replaced one that won after all, or the one that replaced it
    this.stopEverything();
    this.current = login;
    this.hideCountdown();
    this.showOverlay(this.texts.successMark, 'success');
    if (!code) {
      this.decided = false;
      this.fail(loginError('no_code', 'the login succeeded but its code was already used'), this.texts.errorSignIn);
      return;
    }
    var widget = this;
    var handed = (typeof this.options.onCode === 'function')
      ? this.safely(this.options.onCode, [code, login.id, login.challenge]) : undefined;
    if (!handed || typeof handed.then !== 'function') {
      this.setState('success', this.texts.success);
      return;
    }
    this.setState('completing', this.texts.completing);
    handed.then(function () {
      if (!widget.destroyed) {
        widget.setState('success', widget.texts.success);
      }
    }, function (cause) {
      if (!widget.destroyed) {
        widget.decided = false;
        widget.fail(loginError('sign_in_failed', 'onCode rejected', undefined, cause), widget.texts.errorSignIn);
      }
    });
  };

  // ---- timers and teardown ----

  Widget.prototype.startTimer = function (name, kind, ms, callback) {
    this.stopTimer(name);
    this.timers[name] = { kind: kind, id: (kind === 'interval') ? window.setInterval(callback, ms)
      : window.setTimeout(callback, ms) };
  };

  Widget.prototype.stopTimer = function (name) {
    var timer = this.timers[name];
    if (timer) {
      if (timer.kind === 'interval') {
        window.clearInterval(timer.id);
      }
      else {
        window.clearTimeout(timer.id);
      }
      delete this.timers[name];
    }
  };

  Widget.prototype.stopEverything = function () {
    this.generation++;
    this.stopWatching(this.current);
    this.stopWatching(this.previous);
    this.previous = null;
    this.renewWhenVisible = false;
    Object.keys(this.timers).forEach(this.stopTimer, this);
  };

  Widget.prototype.destroy = function () {
    if (this.destroyed) {
      return;
    }
    this.stopEverything();
    this.destroyed = true;
    this.document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.root.parentNode) {
      this.root.parentNode.removeChild(this.root);
    }
  };

  /**
   * Mounts the login widget in an element.
   * @param {Element} host where the widget goes (its content is appended)
   * @param {Object} options api, account, challenge, ttlSeconds, onCode, onError, onLogin, onState, locale,
   * texts, autoRenew, transport (see README.md)
   * @return {{destroy: function(): void, retry: function(): void}} the handle
   */
  function mount(host, options) {
    if (!host || host.nodeType !== 1) {
      throw new TypeError('SaomaLogin.mount: the first argument must be an element');
    }
    if (!options || !options.api || !options.account) {
      throw new TypeError('SaomaLogin.mount: options.api (the login API base URL) and options.account are required');
    }
    var widget = new Widget(host, options);
    widget.start();
    return {
      destroy: function () {
        widget.destroy();
      },
      retry: function () {
        if (!widget.destroyed) {
          widget.retryByHand();
        }
      }
    };
  }

  return { mount: mount, version: VERSION, texts: TEXTS };
}));
