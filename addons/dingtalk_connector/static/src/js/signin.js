/* DingTalk sign-in (免登): ask the DingTalk client for an auth code, come back with it. */
(function () {
    "use strict";
    const el = document.getElementById("o_dingtalk_signin");
    if (!el || !window.dd) {
        return;
    }
    window.dd.ready(function () {
        window.dd.runtime.permission.requestAuthCode({
            corpId: el.dataset.corpId,
            onSuccess: function (result) {
                const params = new URLSearchParams({
                    company_id: el.dataset.companyId,
                    code: result.code,
                    redirect: el.dataset.redirect,
                });
                window.location.replace("/dingtalk/signin?" + params.toString());
            },
            onFail: function () {
                window.location.replace("/web/login");
            },
        });
    });
})();
