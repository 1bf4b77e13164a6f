package dev.canopy.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Fake but format-correct samples for each built-in detector, and a near miss for each. Deterministic. */
public final class Samples {
    public static final String UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public static final String LO = "abcdefghijklmnopqrstuvwxyz";
    public static final String DI = "0123456789";
    public static final String HEX = "0123456789abcdef";
    public static final String AN = UP + LO + DI;
    public static final String B64 = AN + "+/";
    static final String URLSAFE = AN + "_-";

    final Random r;

    public Samples(long seed) {
        r = new Random(seed);
    }

    String rnd(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    String pem(String kind) {
        StringBuilder sb = new StringBuilder("-----BEGIN " + kind + "-----\n");
        for (int i = 0; i < 8; i++) {
            sb.append(rnd(B64, 64)).append('\n');
        }
        return sb.append("-----END ").append(kind).append("-----").toString();
    }

    String jwt() {
        String h = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"" + rnd(DI, 10) + "\",\"name\":\"Jane\"}").getBytes());
        return h + "." + p + "." + rnd(URLSAFE, 43);
    }

    /** id -> {positive, near miss}. The secret in the positive is returned by {@link #secretOf}. */
    public Map<String, String[]> secrets() {
        Map<String, String[]> m = new LinkedHashMap<>();
        String atatt = "ATATT3xFfGF0" + rnd(URLSAFE, 170) + "=" + rnd(HEX.toUpperCase(), 8);
        m.put("atlassian-api-token", new String[] {"Use token " + atatt + " for the Jira API.", "Use token ATATT3short for the Jira API."});
        m.put("atlassian-org-api-key", new String[] {"org key: ATCTT3xFfGN0" + rnd(URLSAFE, 180), "org key: ATCTT3xFfGN0abc"});
        m.put("bitbucket-app-password", new String[] {"BB_PASS=ATBB" + rnd(AN, 32), "BB_PASS=ATBB123"});
        m.put("atlassian-legacy-api-token", new String[] {"jira_api_token = " + rnd(LO + DI, 20) + "a1b2", "jira_api_token = <your token here>"});
        m.put("aws-access-key-id", new String[] {"aws_access_key_id = AKIA" + rnd(UP + "234567", 16), "aws_access_key_id = AKIA1234"});
        m.put("aws-secret-access-key", new String[] {"aws_secret_access_key = " + rnd(B64, 40), "aws_secret_access_key = ${AWS_SECRET}"});
        m.put("aws-session-token", new String[] {"AWS_SESSION_TOKEN=" + rnd(B64, 200), "AWS_SESSION_TOKEN=$TOKEN"});
        m.put("aws-mws-key", new String[] {"amzn.mws." + rnd(HEX, 8) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 12), "amzn.mws.1234"});
        m.put("gcp-service-account-key", new String[] {"{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key_id\": \"" + rnd(HEX, 40) + "\"\n}", "{\"type\": \"service_account\", \"private_key_id\": \"\"}"});
        m.put("gcp-api-key", new String[] {"key=AIza" + rnd(URLSAFE, 35), "key=AIzaShort"});
        m.put("google-oauth-client-secret", new String[] {"client_secret: GOCSPX-" + rnd(URLSAFE, 28), "client_secret: GOCSPX-abc"});
        m.put("google-oauth-access-token", new String[] {"token ya29." + rnd(URLSAFE, 120), "ya29.short"});
        m.put("google-oauth-refresh-token", new String[] {"refresh 1//0" + rnd(URLSAFE, 60), "path 1//0abc"});
        m.put("azure-storage-account-key", new String[] {"DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=" + rnd(B64, 86) + "==;EndpointSuffix=core.windows.net", "AccountKey=short=="});
        m.put("azure-sas-token", new String[] {"https://demo.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=sco&sp=rl&sig=" + rnd(AN, 40) + "%3D", "sv=2022-11-02&sig=abc"});
        m.put("azure-ad-client-secret", new String[] {"AZURE_CLIENT_SECRET=" + rnd(AN, 3) + "8Q~" + rnd(AN + "_~.-", 34), "value Q~ here"});
        m.put("azure-servicebus-key", new String[] {"Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=" + rnd(B64, 43) + "=", "SharedAccessKey=abc"});
        m.put("azure-devops-pat", new String[] {"AZURE_DEVOPS_PAT=" + rnd("abcdefghijklmnopqrstuvwxyz234567", 52), "AZURE_DEVOPS_PAT=xxxx"});
        for (String[] p : new String[][] {{"github-pat", "ghp_"}, {"github-oauth-token", "gho_"}, {"github-user-to-server-token", "ghu_"}, {"github-server-to-server-token", "ghs_"}, {"github-refresh-token", "ghr_"}}) {
            m.put(p[0], new String[] {"GITHUB_TOKEN=" + p[1] + rnd(AN, 36), "GITHUB_TOKEN=" + p[1] + rnd(AN, 20)});
        }
        m.put("github-fine-grained-pat", new String[] {"github_pat_" + rnd(AN, 22) + "_" + rnd(AN, 59), "github_pat_" + rnd(AN, 10)});
        m.put("gitlab-pat", new String[] {"token: glpat-" + rnd(URLSAFE, 20), "token: glpat-abc"});
        m.put("gitlab-pipeline-trigger-token", new String[] {"glptt-" + rnd(HEX, 40), "glptt-" + rnd(HEX, 20)});
        m.put("gitlab-runner-registration-token", new String[] {"registration GR1348941" + rnd(URLSAFE, 20), "GR1348941abc"});
        m.put("gitlab-runner-auth-token", new String[] {"glrt-" + rnd(URLSAFE, 20), "glrt-abc"});
        m.put("gitlab-deploy-token", new String[] {"gldt-" + rnd(URLSAFE, 20), "gldt-abc"});
        m.put("slack-bot-token", new String[] {"SLACK_BOT_TOKEN=xoxb-" + rnd(DI, 12) + "-" + rnd(DI, 13) + "-" + rnd(AN, 24), "xoxb-123-456-abc"});
        m.put("slack-user-token", new String[] {"xoxp-" + rnd(DI, 12) + "-" + rnd(DI, 12) + "-" + rnd(DI, 13) + "-" + rnd(HEX, 32), "xoxp-1-2-3"});
        m.put("slack-app-token", new String[] {"xapp-1-A" + rnd(UP + DI, 10) + "-" + rnd(DI, 13) + "-" + rnd(HEX, 64), "xapp-1-abc"});
        m.put("slack-refresh-token", new String[] {"SLACK_REFRESH_TOKEN=xoxe-1-" + rnd(UP + DI + LO, 146), "xoxe-1-" + rnd(UP + DI, 40)});
        m.put("slack-config-token", new String[] {"xoxe.xoxp-1-" + rnd(UP + DI, 166), "xoxe.xoxp-1-ABC"});
        m.put("slack-webhook-url", new String[] {"https://hooks.slack.com/services/T" + rnd(UP + DI, 8) + "/B" + rnd(UP + DI, 10) + "/" + rnd(AN, 24), "https://hooks.slack.com/services/TXXX/BXXX/xxx"});
        m.put("stripe-secret-key", new String[] {"STRIPE_KEY=sk_live_" + rnd(AN, 32), "STRIPE_KEY=sk_live_abc"});
        m.put("stripe-restricted-key", new String[] {"rk_live_" + rnd(AN, 32), "rk_live_abc"});
        m.put("stripe-test-key", new String[] {"sk_test_" + rnd(AN, 32), "sk_test_abc"});
        m.put("stripe-webhook-secret", new String[] {"whsec_" + rnd(AN, 32), "whsec_abc"});
        m.put("twilio-api-key", new String[] {"twilio key SK" + rnd(HEX, 32), "SK" + rnd(HEX, 10)});
        m.put("twilio-auth-token", new String[] {"TWILIO_AUTH_TOKEN=" + rnd(HEX, 32), "TWILIO_AUTH_TOKEN=abc"});
        m.put("sendgrid-api-key", new String[] {"SG." + rnd(URLSAFE, 22) + "." + rnd(URLSAFE, 43), "SG.abc.def"});
        m.put("mailchimp-api-key", new String[] {"MAILCHIMP=" + rnd(HEX, 32) + "-us14", rnd(HEX, 20) + "-us14"});
        m.put("mailgun-api-key", new String[] {"key-" + rnd(HEX, 32), "key-value"});
        m.put("npm-token", new String[] {"//registry/:_authToken=npm_" + rnd(AN, 36), "npm_install"});
        m.put("pypi-token", new String[] {"password = pypi-AgEIcHlwaS5vcmc" + rnd(URLSAFE, 70), "pypi-AgEIcHlwaS5vcmcshort"});
        m.put("docker-hub-pat", new String[] {"dckr_pat_" + rnd(URLSAFE, 27), "dckr_pat_abc"});
        m.put("docker-config-auth", new String[] {"{\"auths\":{\"registry.example\":{\"auth\":\"" + b64("deploy:" + rnd(AN, 16)) + "\"}}}", "{\"auth\": \"" + b64("nocolonhere") + "\"}"});
        m.put("rubygems-api-key", new String[] {"rubygems_" + rnd(HEX, 48), "rubygems_abc"});
        m.put("nuget-api-key", new String[] {"oy2" + rnd(LO + DI, 43), "oy2abc"});
        m.put("private-key-pem", new String[] {pem("RSA PRIVATE KEY"), "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"});
        m.put("openssh-private-key", new String[] {pem("OPENSSH PRIVATE KEY"), "-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----"});
        m.put("pgp-private-key", new String[] {pem("PGP PRIVATE KEY BLOCK"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n" + rnd(B64, 64) + "\n-----END PGP PUBLIC KEY BLOCK-----"});
        m.put("putty-private-key", new String[] {"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: demo\nPublic-Lines: 2\n" + rnd(B64, 64) + "\n" + rnd(B64, 16) + "\nPrivate-Lines: 1\n" + rnd(B64, 44) + "\nPrivate-MAC: " + rnd(HEX, 64), "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n"});
        m.put("jwt", new String[] {"Authorization token " + jwt(), "eyJnotajwt.eyJ.x"});
        m.put("basic-auth-header", new String[] {"Authorization: Basic " + b64("admin:" + rnd(AN, 12)), "Authorization: Basic " + b64("nocolon")});
        m.put("bearer-token", new String[] {"curl -H 'Authorization: Bearer " + rnd(AN, 40) + "'", "Authorization: Bearer <token>"});
        m.put("url-password", new String[] {"db: postgres://app:" + rnd(AN, 14) + "@db.internal:5432/app", "db: postgres://app:${DB_PASSWORD}@db.internal:5432/app"});
        m.put("connection-string-password", new String[] {"Server=tcp:sql.internal;Database=app;User Id=sa;Password=" + rnd(AN, 14) + ";", "Server=tcp:sql.internal;Password=<password>;"});
        m.put("command-line-password", new String[] {"mysql -h db.internal -u app -p" + rnd(AN, 10) + rnd(DI, 2) + rnd(LO, 2) + " app", "mysql -h db.internal -u app -p app"});
        m.put("powershell-plaintext-password", new String[] {"$pw = ConvertTo-SecureString '" + rnd(AN, 10) + rnd(DI, 2) + rnd(LO, 2) + "' -AsPlainText -Force", "$pw = ConvertTo-SecureString $env:SVC_PASSWORD -AsPlainText -Force"});
        m.put("secret-table-column", new String[] {"<table><tbody><tr><th>System</th><th>User</th><th>Password</th></tr>"
                + "<tr><td>jenkins</td><td>admin</td><td>" + rnd(AN, 12) + rnd(DI, 2) + rnd(LO, 2) + "</td></tr></tbody></table>",
                "<table><tbody><tr><th>System</th><th>Password</th></tr><tr><td>jenkins</td><td>in the vault</td></tr></tbody></table>"});
        m.put("generic-secret-assignment", new String[] {"client_secret: \"" + rnd(AN, 24) + "\"", "client_secret: \"changeme-please\""});
        m.put("openai-api-key", new String[] {"OPENAI_API_KEY=sk-proj-" + rnd(URLSAFE, 40) + "T3BlbkFJ" + rnd(URLSAFE, 40), "sk-proj-abc"});
        m.put("anthropic-api-key", new String[] {"sk-ant-api03-" + rnd(URLSAFE, 93), "sk-ant-api03-abc"});
        m.put("huggingface-token", new String[] {"HF_TOKEN=hf_" + rnd(UP + LO, 34), "hf_hub_download"});
        for (String[] p : new String[][] {{"shopify-access-token", "shpat_"}, {"shopify-shared-secret", "shpss_"}, {"shopify-custom-app-token", "shpca_"}, {"shopify-private-app-token", "shppa_"}}) {
            m.put(p[0], new String[] {p[1] + rnd(HEX, 32), p[1] + rnd(HEX, 12)});
        }
        for (String[] p : new String[][] {{"digitalocean-pat", "dop_v1_"}, {"digitalocean-oauth-token", "doo_v1_"}, {"digitalocean-refresh-token", "dor_v1_"}}) {
            m.put(p[0], new String[] {p[1] + rnd(HEX, 64), p[1] + rnd(HEX, 12)});
        }
        m.put("vault-service-token", new String[] {"VAULT_TOKEN=hvs." + rnd(URLSAFE, 95), "VAULT_TOKEN=hvs.short"});
        m.put("vault-batch-token", new String[] {"hvb." + rnd(URLSAFE, 140), "hvb.short"});
        m.put("terraform-cloud-token", new String[] {"token = \"" + rnd(AN, 14) + ".atlasv1." + rnd(URLSAFE, 67) + "\"", "x.atlasv1.y"});
        m.put("heroku-api-key", new String[] {"HEROKU_API_KEY=" + rnd(HEX, 8) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 4) + "-" + rnd(HEX, 12), "HEROKU_API_KEY=abc"});
        m.put("square-access-token", new String[] {"sq0atp-" + rnd(URLSAFE, 22), "sq0atp-abc"});
        m.put("square-oauth-secret", new String[] {"sq0csp-" + rnd(URLSAFE, 43), "sq0csp-abc"});
        m.put("braintree-access-token", new String[] {"access_token$production$" + rnd(LO + DI, 16) + "$" + rnd(HEX, 32), "access_token$production$abc"});
        m.put("linear-api-key", new String[] {"lin_api_" + rnd(AN, 40), "lin_api_abc"});
        m.put("newrelic-user-key", new String[] {"NRAK-" + rnd(UP + DI, 27), "NRAK-ABC"});
        m.put("datadog-api-key", new String[] {"DD_API_KEY=" + rnd(HEX, 32), "DD_API_KEY=abc"});
        m.put("sentry-auth-token", new String[] {"sntrys_" + rnd(B64, 80), "sntrys_abc"});
        m.put("grafana-service-account-token", new String[] {"glsa_" + rnd(AN, 32) + "_" + rnd(HEX, 8), "glsa_abc"});
        m.put("grafana-cloud-token", new String[] {"glc_" + rnd(B64, 80), "glc_abc"});
        m.put("postman-api-key", new String[] {"PMAK-" + rnd(HEX, 24) + "-" + rnd(HEX, 34), "PMAK-abc"});
        m.put("telegram-bot-token", new String[] {"bot " + rnd(DI, 9) + ":AA" + rnd(URLSAFE, 33), "12:AAabc"});
        m.put("discord-webhook-url", new String[] {"https://discord.com/api/webhooks/" + rnd(DI, 18) + "/" + rnd(URLSAFE, 68), "https://discord.com/api/webhooks/123/abc"});
        m.put("age-secret-key", new String[] {"AGE-SECRET-KEY-1" + rnd("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58), "AGE-SECRET-KEY-1ABC"});
        m.put("dropbox-token", new String[] {"sl." + rnd(URLSAFE, 135), "sl.abc"});
        m.put("databricks-token", new String[] {"dapi" + rnd(HEX, 32), "dapi" + rnd(HEX, 10)});
        m.put("pulumi-token", new String[] {"pul-" + rnd(HEX, 40), "pul-abc"});
        m.put("okta-api-token", new String[] {"OKTA_API_TOKEN=00" + rnd(URLSAFE, 40), "OKTA_API_TOKEN=00abc"});
        m.put("confluent-api-secret", new String[] {"cflt" + rnd(AN, 60), "cfltabc"});
        m.put("doppler-token", new String[] {"dp.st." + rnd(URLSAFE, 44), "dp.st.abc"});
        m.put("fly-io-token", new String[] {"fo1_" + rnd(URLSAFE, 43), "fo1_abc"});
        m.put("planetscale-token", new String[] {"pscale_tkn_" + rnd(URLSAFE, 43), "pscale_tkn_abc"});
        m.put("easypost-api-key", new String[] {"EZAK" + rnd(AN, 54), "EZAKabc"});
        m.put("shippo-api-token", new String[] {"shippo_live_" + rnd(HEX, 40), "shippo_live_abc"});
        return m;
    }

    static Map<String, String[]> pii() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("email", new String[] {"Contact jane.doe+ops@example-corp.co.uk for access.", "Contact sre-team@example-corp.co.uk for access."});
        m.put("email-role-mailbox", new String[] {"Mail noreply@example-corp.co.uk for access.", "Contact jane.doe@example-corp.co.uk for access."});
        m.put("credit-card", new String[] {"Card number: 4111 1111 1111 1111 exp 12/28", "Card number: 4111 1111 1111 1112 exp 12/28"});
        m.put("phone-number", new String[] {"Call me on +1 415-555-2671 tomorrow.", "Ticket 12-34 tomorrow."});
        m.put("us-ssn", new String[] {"SSN: 536-22-8741", "SSN: 666-22-8741"});
        m.put("ip-address", new String[] {"the host ip is 81.20.30.40 now", "version 1.300.3.4 now"});
        m.put("ip-address-private", new String[] {"the host ip is 10.20.30.40 now", "the host ip is 81.20.30.40 now"});
        m.put("ipv6-address", new String[] {"server address 2a00:1450:4001:82b::200e reachable", "at 12:30:45 reachable"});
        m.put("ipv6-address-private", new String[] {"host address fe80::1a2b:3cff:fe4d:5e6f%eth0 up",
            "server address 2a00:1450:4001:82b::200e reachable"});
        m.put("iban", new String[] {"IBAN: DE89 3704 0044 0532 0130 00", "IBAN: DE89 3704 0044 0532 0130 01"});
        m.put("uk-nino", new String[] {"National Insurance number: AB 12 34 56 C", "National Insurance number: QQ 12 34 56 C"});
        m.put("in-pan", new String[] {"PAN: ABCPE1234F", "PAN: ABCXE1234F"});
        m.put("in-aadhaar", new String[] {"Aadhaar: 2341 2341 2346", "Aadhaar: 2341 2341 2345"});
        m.put("de-tax-id", new String[] {"Steuer-IdNr: 86095742719", "Steuer-IdNr: 86095742718"});
        return m;
    }
}
