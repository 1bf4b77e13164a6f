package dev.canopy.dlp.builtin;

import dev.canopy.dlp.Category;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.LinearPattern;
import dev.canopy.dlp.Severity;
import dev.canopy.dlp.Validator;
import dev.canopy.dlp.validate.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own secret detectors, written from the token formats' public descriptions (prefixes, lengths, alphabets).
 * Every detector has keywords for the prefilter; the pattern is confirmed only in a window around a keyword hit.
 */
public final class SecretDetectors {
    private SecretDetectors() {
    }

    static final Validator NOT_PLACEHOLDER = Validator.named("not-placeholder", v -> Checks.isPlaceholder(v) ? 0 : 1);
    static final Validator EXAMPLE = Validator.named("not-example", Checks::exampleFactor);
    static final Validator RANDOM_LOOKING = Validator.named("mixed-classes", v -> Checks.hasMixedClasses(v, 2) ? 1 : 0);
    /** Letters and separators only ("when-after", "gateway_enabled"): words, not a secret (gitleaks' generic allowlist). */
    static final Validator NOT_WORDS = Validator.named("not-words", v -> Checks.lettersAndSeparatorsOnly(v) ? 0 : 1);

    static final Validator JWT = Validator.named("jwt-header", v -> {
        String s = v.toString();
        int dot = s.indexOf('.');
        byte[] header = dot > 0 ? Checks.base64(s.substring(0, dot)) : null;
        return header != null && new String(header, StandardCharsets.UTF_8).contains("\"alg\"") ? 1 : 0;
    });

    static final Validator USER_COLON_PASS = Validator.named("base64-user-pass", v -> {
        byte[] b = Checks.base64(v.toString());
        if (b == null) {
            return 0;
        }
        String s = new String(b, StandardCharsets.UTF_8);
        int c = s.indexOf(':');
        return c > 0 && c < s.length() - 1 && s.chars().allMatch(ch -> ch >= 32 && ch < 127) ? 1 : 0;
    });

    private static final List<Detector> ALL = new ArrayList<>();

    private static Detector.Builder d(String id, String type, String title, Severity sev, double conf) {
        return Detector.builder(id).category(Category.SECRET).type(type).title(title).severity(sev).confidence(conf);
    }

    /** Prefix-anchored token: keyword is the token's literal prefix. */
    private static void prefixed(String id, String type, String title, Severity sev, String regex, int maxLen,
            String... keywords) {
        ALL.add(d(id, type, title, sev, 0.9).keywords(keywords).keywordsCaseSensitive(true).trustedPattern(regex)
                .secretGroup(0).anchored(maxLen + 64).validator(EXAMPLE).build());
    }

    /** Keyword-anchored assignment: keyword, then a value group; the value is checked against placeholders. */
    private static void assigned(String id, String type, String title, Severity sev, double conf, String regex,
            double minEntropy, String... keywords) {
        ALL.add(d(id, type, title, sev, conf).keywords(keywords).trustedPattern(regex).secretGroup(1)
                .anchored(300).minEntropy(minEntropy).validator(NOT_PLACEHOLDER.and(EXAMPLE)).build());
    }

    /**
     * From the end of a label cell to the start of the next cell's text: {@code Password</td><td>…},
     * {@code token</strong></p></th><td class="confluenceTd"><p>…} (closing and opening inline tags around), as
     * credential tables on wiki pages write a name and its value.
     */
    static final String CELL = "(?:</(?:p|strong|b|em|code|span)>){0,3}</t[dh]>[ \\t\\r\\n]{0,4}<td(?:[ \\t][^>]{0,80})?>"
            + "(?:<(?:p|strong|b|em|code|span)(?:[ \\t][^>]{0,60})?>){0,3}";

    /**
     * Between a key name and its value: {@code KEY=v}, {@code key: "v"}, {@code "key":} + value on the next line (also
     * after YAML's block scalar {@code |} or {@code >-}), and
     * name/value pairs where the name is the key ({@code - name: KEY} / {@code value: "v"} in Kubernetes env lists,
     * {@code {"name": "KEY", "value": "v"}} in ECS task definitions), and the next table cell ({@link #CELL}).
     */
    static final String ASSIGN = "(?:[\"']?[ \\t]{0,3}(?:=|:|:=|=>|[ \\t])[ \\t]{0,3}(?:[|>][-+]?[ \\t]{0,3}\\r?\\n[ \\t]{0,16}|\\r?\\n[ \\t]{0,16})?[\"']?"
            + "|[\"']?[ \\t]*,?[ \\t]*(?:\\r?\\n)?[ \\t]*[\"']?value[\"']?[ \\t]*[:=][ \\t]*[\"']?|" + CELL + ")";

    static {
        // --- Atlassian
        prefixed("atlassian-api-token", "ATLASSIAN_API_TOKEN", "Atlassian API token", Severity.CRITICAL,
                "\\bATATT3[A-Za-z0-9_\\-=]{60,250}", 260, "ATATT3");
        prefixed("atlassian-org-api-key", "ATLASSIAN_ORG_API_KEY", "Atlassian organization admin API key",
                Severity.CRITICAL, "\\bATCTT3[A-Za-z0-9_\\-=]{60,250}", 260, "ATCTT3");
        prefixed("bitbucket-app-password", "BITBUCKET_APP_PASSWORD", "Bitbucket app password", Severity.HIGH,
                "\\bATBB[A-Za-z0-9_\\-=]{28,40}\\b", 50, "ATBB");
        assigned("atlassian-legacy-api-token", "ATLASSIAN_API_TOKEN", "Atlassian API token (legacy, 24 chars)",
                Severity.HIGH, 0.75, "(?i)(?:jira|confluence|atlassian)[\\w.\\-]{0,20}(?:token|api[_\\-]?key|password|pass|pwd)"
                        + ASSIGN + "([A-Za-z0-9]{24})\\b", 3.0, "jira", "confluence", "atlassian");
        // --- AWS
        ALL.add(d("aws-access-key-id", "AWS_ACCESS_KEY_ID", "AWS access key id", Severity.CRITICAL, 0.9)
                .keywords("AKIA", "ASIA", "ABIA", "ACCA", "A3T").keywordsCaseSensitive(true)
                .trustedPattern("\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\\b").secretGroup(0).anchored(24)
                .validator(EXAMPLE).contextPlus("aws", "access_key", "accesskey").build());
        assigned("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", "AWS secret access key", Severity.CRITICAL, 0.9,
                "(?i)secret[_.\\-]?access[_.\\-]?key(?:_id)?" + ASSIGN + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", 3.5,
                "secret_access_key", "secretaccesskey", "secret-access-key", "secret.access.key");
        assigned("aws-session-token", "AWS_SESSION_TOKEN", "AWS session token", Severity.HIGH, 0.85,
                "(?i)session_?token" + ASSIGN + "([A-Za-z0-9/+=]{100,})", 4.0, "session_token", "sessiontoken");
        prefixed("aws-mws-key", "AWS_MWS_KEY", "Amazon MWS auth token", Severity.HIGH,
                "amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 50, "amzn.mws.");
        // --- Google
        ALL.add(d("gcp-service-account-key", "GCP_SERVICE_ACCOUNT_KEY", "GCP service account key file",
                Severity.CRITICAL, 0.9).keywords("service_account").trustedPattern(
                "service_account\"[\\s\\S]{0,400}?\"private_key_id\"\\s*:\\s*\"([a-f0-9]{40})\"")
                .secretGroup(1).anchored(600).build());
        prefixed("gcp-api-key", "GCP_API_KEY", "Google API key", Severity.HIGH, "\\bAIza[0-9A-Za-z_\\-]{35}(?![A-Za-z0-9_\\-])", 40,
                "AIza");
        prefixed("google-oauth-client-secret", "GOOGLE_OAUTH_CLIENT_SECRET", "Google OAuth client secret",
                Severity.HIGH, "\\bGOCSPX-[A-Za-z0-9_\\-]{28}(?![A-Za-z0-9_\\-])", 36, "GOCSPX-");
        prefixed("google-oauth-access-token", "GOOGLE_OAUTH_ACCESS_TOKEN", "Google OAuth access token",
                Severity.HIGH, "\\bya29\\.[0-9A-Za-z_\\-]{30,}", 300, "ya29.");
        prefixed("google-oauth-refresh-token", "GOOGLE_OAUTH_REFRESH_TOKEN", "Google OAuth refresh token",
                Severity.HIGH, "\\b1//0[0-9A-Za-z_\\-]{40,}", 300, "1//0");
        // --- Azure
        assigned("azure-storage-account-key", "AZURE_STORAGE_KEY", "Azure storage account key", Severity.CRITICAL,
                0.9, "(?i)AccountKey=([A-Za-z0-9+/]{86}==)", 4.0, "accountkey=");
        assigned("azure-sas-token", "AZURE_SAS_TOKEN", "Azure shared access signature", Severity.HIGH, 0.85,
                "(?i)sv=\\d{4}-\\d{2}-\\d{2}&[^\\s\"']{0,200}?sig=([A-Za-z0-9%+/=]{30,})", 3.0, "sv=20");
        ALL.add(d("azure-ad-client-secret", "AZURE_AD_CLIENT_SECRET", "Azure AD (Entra ID) client secret",
                Severity.HIGH, 0.85).keywords("Q~").keywordsCaseSensitive(true)
                .trustedPattern("(?<![A-Za-z0-9_~.\\-])[A-Za-z0-9_~.\\-]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}(?![A-Za-z0-9_~.\\-])")
                .secretGroup(0).window(5, 40).minEntropy(3.0).build());
        assigned("azure-servicebus-key", "AZURE_SHARED_ACCESS_KEY", "Azure Service Bus / Event Hubs shared access key",
                Severity.HIGH, 0.9, "(?i)SharedAccessKey=([A-Za-z0-9+/]{42,44}=?)", 3.5, "sharedaccesskey=");
        assigned("azure-devops-pat", "AZURE_DEVOPS_PAT", "Azure DevOps personal access token", Severity.HIGH, 0.8,
                "(?i)(?:azure[_\\-]?devops|ado|vsts)[\\w\\-]{0,20}(?:pat|token)" + ASSIGN + "([a-z2-7]{52})\\b", 3.5,
                "azure_devops", "azure-devops", "azuredevops", "ado_", "vsts");
        // --- GitHub
        for (String[] p : new String[][] {{"ghp_", "github-pat", "GitHub personal access token"},
            {"gho_", "github-oauth-token", "GitHub OAuth access token"},
            {"ghu_", "github-user-to-server-token", "GitHub user-to-server token"},
            {"ghs_", "github-server-to-server-token", "GitHub server-to-server token"},
            {"ghr_", "github-refresh-token", "GitHub refresh token"}}) {
            prefixed(p[1], p[1].toUpperCase().replace('-', '_'), p[2], Severity.CRITICAL,
                    "\\b" + p[0] + "[A-Za-z0-9]{36}\\b", 44, p[0]);
        }
        prefixed("github-fine-grained-pat", "GITHUB_FINE_GRAINED_PAT", "GitHub fine-grained personal access token",
                Severity.CRITICAL, "\\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\\b", 100, "github_pat_");
        // --- GitLab
        prefixed("gitlab-pat", "GITLAB_PAT", "GitLab personal access token", Severity.CRITICAL,
                "\\bglpat-[A-Za-z0-9_\\-]{20,}", 80, "glpat-");
        prefixed("gitlab-pipeline-trigger-token", "GITLAB_TRIGGER_TOKEN", "GitLab pipeline trigger token",
                Severity.HIGH, "\\bglptt-[0-9a-f]{40}\\b", 50, "glptt-");
        prefixed("gitlab-runner-registration-token", "GITLAB_RUNNER_TOKEN", "GitLab runner registration token",
                Severity.HIGH, "\\bGR1348941[A-Za-z0-9_\\-]{20}(?![A-Za-z0-9_\\-])", 32, "GR1348941");
        prefixed("gitlab-runner-auth-token", "GITLAB_RUNNER_TOKEN", "GitLab runner authentication token",
                Severity.HIGH, "\\bglrt-[A-Za-z0-9_\\-]{20,}", 80, "glrt-");
        prefixed("gitlab-deploy-token", "GITLAB_DEPLOY_TOKEN", "GitLab deploy token", Severity.HIGH,
                "\\bgldt-[A-Za-z0-9_\\-]{20,}", 80, "gldt-");
        // --- Slack
        prefixed("slack-bot-token", "SLACK_BOT_TOKEN", "Slack bot token", Severity.HIGH,
                "\\bxoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}\\b", 80, "xoxb-");
        prefixed("slack-user-token", "SLACK_USER_TOKEN", "Slack user token", Severity.HIGH,
                "\\bxox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9]{28,34}\\b", 100, "xoxp-", "xoxe-");
        prefixed("slack-refresh-token", "SLACK_REFRESH_TOKEN", "Slack token-rotation refresh token", Severity.HIGH,
                "\\bxoxe-\\d-[A-Za-z0-9]{146}\\b", 160, "xoxe-");
        prefixed("slack-app-token", "SLACK_APP_TOKEN", "Slack app-level token", Severity.HIGH,
                "\\bxapp-\\d-[A-Z0-9]{8,14}-\\d{8,14}-[a-f0-9]{64}\\b", 110, "xapp-");
        prefixed("slack-config-token", "SLACK_CONFIG_TOKEN", "Slack configuration token", Severity.HIGH,
                "\\bxoxe\\.xox[bp]-\\d-[A-Z0-9]{150,200}\\b", 220, "xoxe.xox");
        prefixed("slack-webhook-url", "SLACK_WEBHOOK", "Slack incoming webhook URL", Severity.MEDIUM,
                "hooks\\.slack\\.com/(?:services|workflows)/T[A-Z0-9]{8,12}/[AB][A-Z0-9]{8,12}/[A-Za-z0-9]{24}", 80,
                "hooks.slack.com/");
        // --- Stripe
        prefixed("stripe-secret-key", "STRIPE_SECRET_KEY", "Stripe live secret key", Severity.CRITICAL,
                "\\bsk_live_[A-Za-z0-9]{24,99}\\b", 110, "sk_live_");
        prefixed("stripe-restricted-key", "STRIPE_RESTRICTED_KEY", "Stripe live restricted key", Severity.HIGH,
                "\\brk_live_[A-Za-z0-9]{24,99}\\b", 110, "rk_live_");
        ALL.add(d("stripe-test-key", "STRIPE_TEST_KEY", "Stripe test-mode secret key", Severity.LOW, 0.5)
                .keywords("sk_test_", "rk_test_").keywordsCaseSensitive(true)
                .trustedPattern("\\b[sr]k_test_[A-Za-z0-9]{24,99}\\b").secretGroup(0).anchored(110).offByDefault().build());
        prefixed("stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET", "Stripe / Standard Webhooks signing secret",
                Severity.HIGH, "\\bwhsec_[A-Za-z0-9+/=]{32,}", 100, "whsec_");
        // --- Twilio, SendGrid, Mailchimp, Mailgun
        ALL.add(d("twilio-api-key", "TWILIO_API_KEY", "Twilio API key SID", Severity.HIGH, 0.6)
                .keywords("SK").keywordsCaseSensitive(true).trustedPattern("\\bSK[0-9a-f]{32}\\b").secretGroup(0)
                .anchored(36).contextPlus("twilio").build());
        ALL.add(d("twilio-auth-token", "TWILIO_AUTH_TOKEN", "Twilio auth token", Severity.HIGH, 0.8)
                .keywords("twilio").trustedPattern("(?i)twilio[\\w.\\-]{0,20}(?:auth|token|secret)[\\w]{0,10}"
                        + ASSIGN + "([a-f0-9]{32})\\b").secretGroup(1).anchored(120).build());
        prefixed("sendgrid-api-key", "SENDGRID_API_KEY", "SendGrid API key", Severity.HIGH,
                "\\bSG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}(?![A-Za-z0-9_\\-])", 72, "SG.");
        ALL.add(d("mailchimp-api-key", "MAILCHIMP_API_KEY", "Mailchimp API key", Severity.MEDIUM, 0.8)
                .keywords("-us").keywordsCaseSensitive(true).trustedPattern("\\b[0-9a-f]{32}-us[0-9]{1,2}\\b")
                .secretGroup(0).window(33, 4).build());
        prefixed("mailgun-api-key", "MAILGUN_API_KEY", "Mailgun API key", Severity.MEDIUM,
                "\\bkey-[0-9a-f]{32}\\b", 40, "key-");
        // --- package registries and containers
        prefixed("npm-token", "NPM_TOKEN", "npm access token", Severity.HIGH, "\\bnpm_[A-Za-z0-9]{36}\\b", 44, "npm_");
        prefixed("pypi-token", "PYPI_TOKEN", "PyPI upload token", Severity.HIGH,
                "\\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}", 300, "pypi-AgEIcHlwaS5vcmc");
        prefixed("docker-hub-pat", "DOCKER_HUB_PAT", "Docker Hub personal access token", Severity.HIGH,
                "\\bdckr_pat_[A-Za-z0-9_\\-]{27,}", 60, "dckr_pat_");
        ALL.add(d("docker-config-auth", "DOCKER_CONFIG_AUTH", "Docker config.json registry credentials",
                Severity.HIGH, 0.85).keywords("\"auth\"").trustedPattern("\"auth\"\\s*:\\s*\"([A-Za-z0-9+/]{12,}={0,2})\"")
                .secretGroup(1).anchored(300).validator(USER_COLON_PASS).build());
        prefixed("rubygems-api-key", "RUBYGEMS_API_KEY", "RubyGems API key", Severity.HIGH,
                "\\brubygems_[a-f0-9]{48}\\b", 60, "rubygems_");
        prefixed("nuget-api-key", "NUGET_API_KEY", "NuGet API key", Severity.HIGH, "\\boy2[a-z0-9]{43}\\b", 50, "oy2");
        // --- private keys
        ALL.add(d("private-key-pem", "PRIVATE_KEY", "PEM private key", Severity.CRITICAL, 0.95)
                .keywords("-----BEGIN").trustedPattern(
                "-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s:,\\-]{40,12000}?)-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----")
                .secretGroup(1).anchored(12100).validator(Validator.named("not-placeholder", v -> Checks.isPlaceholder(v.subSequence(0, Math.min(40, v.length()))) ? 0.4 : 1)).build());
        ALL.add(d("openssh-private-key", "PRIVATE_KEY", "OpenSSH private key", Severity.CRITICAL, 0.95)
                .keywords("-----BEGIN OPENSSH").trustedPattern(
                "-----BEGIN OPENSSH PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]{40,12000}?)-----END OPENSSH PRIVATE KEY-----")
                .secretGroup(1).anchored(12100).build());
        ALL.add(d("pgp-private-key", "PRIVATE_KEY", "PGP private key block", Severity.CRITICAL, 0.95)
                .keywords("-----BEGIN PGP PRIVATE").trustedPattern(
                "-----BEGIN PGP PRIVATE KEY BLOCK-----([\\s\\S]{40,20000}?)-----END PGP PRIVATE KEY BLOCK-----")
                .secretGroup(1).anchored(20100).build());
        ALL.add(d("putty-private-key", "PRIVATE_KEY", "PuTTY private key (ppk)", Severity.CRITICAL, 0.9)
                .keywords("PuTTY-User-Key-File-").trustedPattern(
                "PuTTY-User-Key-File-[23]: [\\w\\-]+\\r?\\n[\\s\\S]{0,2000}?Private-Lines: \\d+\\r?\\n([A-Za-z0-9+/=\\r\\n]{40,8000}?)(?:\\r?\\n)?Private-MAC: ")
                .secretGroup(1).anchored(10000).build());
        // --- tokens in general formats
        ALL.add(d("jwt", "JWT", "JSON Web Token", Severity.MEDIUM, 0.75).keywords("eyJ").keywordsCaseSensitive(true)
                .trustedPattern("\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{16,}")
                .secretGroup(0).anchored(4000).validator(JWT).contextPlus("bearer", "token", "authorization").build());
        ALL.add(d("basic-auth-header", "HTTP_BASIC_AUTH", "HTTP Basic credentials", Severity.HIGH, 0.85)
                .keywords("basic ").trustedPattern("(?i)(?<=(?:authorization|auth)[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?)basic\\s+([A-Za-z0-9+/]{8,}={0,2})")
                .secretGroup(1).anchored(200).validator(USER_COLON_PASS).build());
        ALL.add(d("bearer-token", "BEARER_TOKEN", "HTTP bearer token", Severity.HIGH, 0.7)
                .keywords("bearer ").trustedPattern("(?i)\\bbearer\\s+([A-Za-z0-9._~+/\\-]{20,}=*)")
                .secretGroup(1).anchored(4000).minEntropy(3.2).validator(NOT_PLACEHOLDER).build());
        // the user name may be empty: Redis AUTH and AMQP URLs write "redis://:password@host"
        ALL.add(d("url-password", "PASSWORD_IN_URL", "Password inside a URL", Severity.HIGH, 0.85)
                .keywords("://").trustedPattern(
                "(?<=[A-Za-z][A-Za-z0-9+.\\-]{1,20})://[^\\s:@/\"'<>]{0,64}:([^\\s:@/\"'<>]{3,128})@[A-Za-z0-9.\\-]+")
                .secretGroup(1).anchored(280).precheck(SecretDetectors::userInfoFollows).validator(NOT_PLACEHOLDER).build());
        // not a Zoom join link's pwd= (zoom.us/j/<meeting id>?pwd=…, /w/ for webinars): the meeting passcode that
        // every invitation carries
        assigned("connection-string-password", "CONNECTION_STRING_PASSWORD", "Password in a connection string",
                Severity.HIGH, 0.85, "(?i)(?<![\\w.\\-])(?:password|pwd)=(?<![./]zoom\\.us/[jw]/\\d{9,12}\\?pwd=)(?<![./]zoomgov\\.com/[jw]/\\d{9,12}\\?pwd=)"
                        + "([^;&\"'\\s<>]{4,128})", 2.0, "password=", "pwd=");
        ALL.add(d("generic-secret-assignment", "GENERIC_SECRET", "High-entropy secret assigned to a secret-like name",
                Severity.MEDIUM, 0.7).keywords("pass", "secret", "api_key", "apikey", "api-key",
                "token", "access_key", "access-key", "accesskey", "private_key", "private-key", "credential", "auth_key",
                "auth-key", "api.key", "access.key", "private.key", "auth.key")
                // name, then an operator (=, :, :=, =>; YAML's block scalars | and >- put the value on the next
                // line), a name/value pair's "value", an XML element's '>' right
                // after the name (<password>…</password>, as Maven's settings.xml and .NET configs write them), the
                // next table cell (a label cell "Password" and its value cell, as credential tables on wiki pages
                // write them), or "is"/"was" in a sentence
                .trustedPattern("(?i)(?:password|passwd|pass|secret|api[_.\\-]?key|token|access[_.\\-]?key|private[_.\\-]?key|credentials?|auth[_.\\-]?key)[\\w.\\-]{0,20}(?:[\"']?[ \\t]{0,3}(?:=|:|:=|=>)[ \\t]{0,3}(?:[|>][-+]?[ \\t]{0,3}\\r?\\n[ \\t]{0,16}|\\r?\\n[ \\t]{0,16})?[\"'`]?"
                        + "|[\"']?[ \\t]*,?[ \\t]*(?:\\r?\\n)?[ \\t]*[\"']?value[\"']?[ \\t]*[:=][ \\t]*[\"']?|>(?=[^<\\s]{8,200}</)"
                        + "|" + CELL + "(?=[^<\\s]{8,200}</)|[ \\t]+(?:is|was)[ \\t]+)"
                        + "([A-Za-z0-9+/=_\\-.~!@#$%^&*]{8,200})(?=[\"'`\\s,;)}\\]<]|$)")
                .secretGroup(1).anchored(260).precheck(SecretDetectors::assignmentFollows).minEntropy(3.0)
                .validator(NOT_PLACEHOLDER.and(RANDOM_LOOKING).and(NOT_WORDS).and(EXAMPLE)).contextMinus("example", "sample").build());
        // a credential table's column: a header cell "Password" / "API token", one value per row below it
        ALL.add(d("secret-table-column", "GENERIC_SECRET", "High-entropy values in a table column headed by a secret-like name",
                Severity.MEDIUM, 0.7).keywords("pass", "secret", "token", "credential")
                .pattern(LinearPattern.code("the column under a secret-like table header", TableColumn::values))
                .anchored(16_384).precheck(TableColumn::inHeaderCell).minEntropy(3.0)
                .validator(NOT_PLACEHOLDER.and(RANDOM_LOOKING).and(NOT_WORDS).and(EXAMPLE)).build());
        // passwords on a command line, as runbooks write them: each alternative reads up to the value (a client's
        // password flag, a .netrc "login U password P"); mysql's bare -p prompts, -P is its port, docker run -p a port
        ALL.add(d("command-line-password", "PASSWORD_IN_COMMAND", "Password given on a command line", Severity.HIGH, 0.8)
                // each keyword moves the vector pass's bucket placement: with curl, IDENTIFIED BY, redis-cli, mongo or
                // keytool's -storepass its keyword marks rose from ~22 000 to 24 000–34 000 per MiB of pages (a 3–10 %
                // slower scan); with these ~20 400
                .keywords("pass", "mysql", "login", "sshpass")
                // every alternative starts with its keyword and only then looks behind it: a look-behind first runs
                // at every hit the precheck lets through, at up to ~150 start positions (with it, and with "password"
                // as a keyword of its own next to "pass", the scan ran 7 % slower than without this detector; now 2-3 %)
                .trustedPattern("(?:(?:password|passwd)(?<=(?:^|[\\s'\"])--?(?:password|passwd))[ \\t]+"
                        + "|pass:(?<=-(?:passin|passout|password|pass)[ \\t]{1,4}pass:)"
                        // SQL: PostgreSQL's [WITH] [LOGIN|ENCRYPTED] PASSWORD '…'
                        + "|(?i:password)(?=[ \\t]+')(?<=(?i:\\b(?:with|login|encrypted|unencrypted)|\\b(?:user|role)[ \\t]{1,4}\\S{1,64})[ \\t]{1,4}(?i:password))[ \\t]+"
                        + "|mysql(?:dump|admin|import|check|slap)?[ \\t][^\\n|;&]{0,200}?(?<=[ \\t])-p(?=\\S)"
                        + "|login(?<=\\b(?:docker|podman|buildah|skopeo|nerdctl|oc|az|cf|registry)[ \\t]{1,4}login)[ \\t][^\\n|;&]{0,200}?(?<=[ \\t])-p[ \\t]+"
                        // .netrc: "[machine HOST] login USER password SECRET", on one line or several
                        + "|login[ \\t\\r\\n]{1,8}\\S{1,128}[ \\t\\r\\n]{1,8}password[ \\t]+"
                        + "|sshpass[ \\t]+-p[ \\t]*)"
                        + "['\"]?([^\\s'\"<]{4,128})(?=['\"\\s;|&)<]|$)")
                .secretGroup(1).anchored(400).precheck(SecretDetectors::commandPasswordMayFollow).minEntropy(2.5)
                .validator(NOT_PLACEHOLDER.and(RANDOM_LOOKING).and(NOT_WORDS).and(EXAMPLE)).build());
        ALL.add(d("powershell-plaintext-password", "PASSWORD_IN_COMMAND", "Password in a PowerShell SecureString",
                Severity.HIGH, 0.8).keywords("-asplaintext")
                .trustedPattern("(?i)ConvertTo-SecureString[ \\t]+(?:-String[ \\t]+)?[\"']([^\"'\\s$]{4,128})[\"'][ \\t]+-AsPlainText")
                .secretGroup(1).window(200, 0).minEntropy(2.5)
                .validator(NOT_PLACEHOLDER.and(RANDOM_LOOKING).and(NOT_WORDS).and(EXAMPLE)).build());
        // --- AI platforms
        prefixed("openai-api-key", "OPENAI_API_KEY", "OpenAI API key", Severity.HIGH,
                "\\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\\-]{20,74}T3BlbkFJ[A-Za-z0-9_\\-]{20,74}(?![A-Za-z0-9_\\-])", 200, "sk-");
        prefixed("anthropic-api-key", "ANTHROPIC_API_KEY", "Anthropic API key", Severity.HIGH,
                "\\bsk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_\\-]{80,100}(?![A-Za-z0-9_\\-])", 120, "sk-ant-");
        prefixed("huggingface-token", "HUGGINGFACE_TOKEN", "Hugging Face access token", Severity.HIGH,
                "\\bhf_[A-Za-z]{34}\\b", 40, "hf_");
        // --- cloud / SaaS
        for (String[] p : new String[][] {{"shpat_", "shopify-access-token", "Shopify access token"},
            {"shpss_", "shopify-shared-secret", "Shopify shared secret"},
            {"shpca_", "shopify-custom-app-token", "Shopify custom app token"},
            {"shppa_", "shopify-private-app-token", "Shopify private app token"}}) {
            prefixed(p[1], p[1].toUpperCase().replace('-', '_'), p[2], Severity.HIGH,
                    "\\b" + p[0] + "[a-fA-F0-9]{32}\\b", 40, p[0]);
        }
        for (String[] p : new String[][] {{"dop_v1_", "digitalocean-pat", "DigitalOcean personal access token"},
            {"doo_v1_", "digitalocean-oauth-token", "DigitalOcean OAuth token"},
            {"dor_v1_", "digitalocean-refresh-token", "DigitalOcean refresh token"}}) {
            prefixed(p[1], p[1].toUpperCase().replace('-', '_'), p[2], Severity.HIGH,
                    "\\b" + p[0] + "[a-f0-9]{64}\\b", 72, p[0]);
        }
        prefixed("vault-service-token", "HASHICORP_VAULT_TOKEN", "HashiCorp Vault service token", Severity.CRITICAL,
                "\\bhvs\\.[A-Za-z0-9_\\-]{90,120}(?![A-Za-z0-9_\\-])", 130, "hvs.");
        prefixed("vault-batch-token", "HASHICORP_VAULT_TOKEN", "HashiCorp Vault batch token", Severity.HIGH,
                "\\bhvb\\.[A-Za-z0-9_\\-]{130,300}(?![A-Za-z0-9_\\-])", 310, "hvb.");
        ALL.add(d("terraform-cloud-token", "TERRAFORM_CLOUD_TOKEN", "Terraform Cloud / HCP API token",
                Severity.HIGH, 0.9).keywords(".atlasv1.").trustedPattern("\\b[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_\\-=]{60,70}\\b")
                .secretGroup(0).window(15, 75).build());
        assigned("heroku-api-key", "HEROKU_API_KEY", "Heroku API key", Severity.HIGH, 0.8,
                "(?i)heroku[\\w.\\-]{0,20}(?:key|token|secret)" + ASSIGN
                        + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b", 3.0, "heroku");
        prefixed("square-access-token", "SQUARE_ACCESS_TOKEN", "Square access token", Severity.HIGH,
                "\\b(?:EAAA|sq0atp-)[A-Za-z0-9_\\-]{22,60}(?![A-Za-z0-9_\\-])", 70, "EAAA", "sq0atp-");
        prefixed("square-oauth-secret", "SQUARE_OAUTH_SECRET", "Square OAuth secret", Severity.HIGH,
                "\\bsq0csp-[A-Za-z0-9_\\-]{43}(?![A-Za-z0-9_\\-])", 52, "sq0csp-");
        prefixed("braintree-access-token", "BRAINTREE_ACCESS_TOKEN", "PayPal Braintree access token",
                Severity.CRITICAL, "access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}", 70,
                "access_token$production$");
        prefixed("linear-api-key", "LINEAR_API_KEY", "Linear API key", Severity.MEDIUM, "\\blin_api_[A-Za-z0-9]{40}\\b",
                50, "lin_api_");
        prefixed("newrelic-user-key", "NEWRELIC_API_KEY", "New Relic user API key", Severity.MEDIUM,
                "\\bNRAK-[A-Z0-9]{27}\\b", 34, "NRAK-");
        assigned("datadog-api-key", "DATADOG_API_KEY", "Datadog API / application key", Severity.HIGH, 0.8,
                "(?i)(?:datadog|dd)[_\\-]?(?:api|app|application)[_\\-]?key" + ASSIGN + "([a-f0-9]{32}|[a-f0-9]{40})\\b",
                3.0, "datadog", "dd_api", "dd_app", "dd-api");
        prefixed("sentry-auth-token", "SENTRY_AUTH_TOKEN", "Sentry auth token", Severity.HIGH,
                "\\bsntry[su]_[A-Za-z0-9+/=_\\-]{40,200}", 210, "sntrys_", "sntryu_");
        prefixed("grafana-service-account-token", "GRAFANA_TOKEN", "Grafana service account token", Severity.HIGH,
                "\\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\\b", 50, "glsa_");
        prefixed("grafana-cloud-token", "GRAFANA_TOKEN", "Grafana Cloud token", Severity.HIGH,
                "\\bglc_[A-Za-z0-9+/]{32,400}={0,2}", 410, "glc_");
        prefixed("postman-api-key", "POSTMAN_API_KEY", "Postman API key", Severity.MEDIUM,
                "\\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\\b", 70, "PMAK-");
        ALL.add(d("telegram-bot-token", "TELEGRAM_BOT_TOKEN", "Telegram bot token", Severity.MEDIUM, 0.85)
                .keywords(":AA").keywordsCaseSensitive(true).trustedPattern("\\b[0-9]{8,10}:AA[A-Za-z0-9_\\-]{33}(?![A-Za-z0-9_\\-])")
                .secretGroup(0).window(11, 40).build());
        prefixed("discord-webhook-url", "DISCORD_WEBHOOK", "Discord webhook URL", Severity.MEDIUM,
                "discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\\-]{60,70}", 120, "discord.com/api/webhooks/",
                "discordapp.com/api/webhooks/");
        prefixed("age-secret-key", "AGE_SECRET_KEY", "age encryption secret key", Severity.HIGH,
                "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 80, "AGE-SECRET-KEY-1");
        prefixed("dropbox-token", "DROPBOX_TOKEN", "Dropbox short-lived access token", Severity.HIGH,
                "\\bsl\\.[A-Za-z0-9_\\-]{130,152}", 160, "sl.");
        prefixed("databricks-token", "DATABRICKS_TOKEN", "Databricks personal access token", Severity.HIGH,
                "\\bdapi[a-f0-9]{32}(?:-\\d)?\\b", 40, "dapi");
        prefixed("pulumi-token", "PULUMI_TOKEN", "Pulumi access token", Severity.HIGH, "\\bpul-[a-f0-9]{40}\\b", 48,
                "pul-");
        assigned("okta-api-token", "OKTA_API_TOKEN", "Okta API token", Severity.HIGH, 0.8,
                "(?i)okta[\\w.\\-]{0,20}(?:token|key|secret)" + ASSIGN + "(00[A-Za-z0-9_\\-]{40})(?![A-Za-z0-9_\\-])", 3.5, "okta");
        prefixed("confluent-api-secret", "CONFLUENT_API_SECRET", "Confluent Cloud API secret", Severity.HIGH,
                "\\bcflt[A-Za-z0-9+/]{60}\\b", 70, "cflt");
        prefixed("doppler-token", "DOPPLER_TOKEN", "Doppler service token", Severity.HIGH,
                "\\bdp\\.(?:st|pt|ct|sa|scim|audit)\\.[A-Za-z0-9_\\-]{40,50}(?![A-Za-z0-9_\\-])", 70, "dp.st.", "dp.pt.", "dp.ct.",
                "dp.sa.");
        prefixed("fly-io-token", "FLYIO_TOKEN", "Fly.io access token", Severity.HIGH,
                "\\bfo1_[A-Za-z0-9_\\-]{43}(?![A-Za-z0-9_\\-])", 50, "fo1_");
        prefixed("planetscale-token", "PLANETSCALE_TOKEN", "PlanetScale token", Severity.HIGH,
                "\\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\\-.=]{32,64}\\b", 80, "pscale_");
        prefixed("easypost-api-key", "EASYPOST_API_KEY", "EasyPost API key", Severity.MEDIUM,
                "\\bEZ[AT]K[a-zA-Z0-9]{54}\\b", 60, "EZAK", "EZTK");
        prefixed("shippo-api-token", "SHIPPO_API_TOKEN", "Shippo API token", Severity.MEDIUM,
                "\\bshippo_(?:live|test)_[a-f0-9]{40}\\b", 55, "shippo_");
    }

    /** Necessary condition after "://": user chars, ':', password chars, '@' (no whitespace or '/' in between). */
    static boolean userInfoFollows(String text, int hit) {
        int n = Math.min(text.length(), hit + 3 + 64 + 1 + 128 + 1);
        boolean colon = false;
        for (int i = hit + 3; i < n; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (c == '@') {
                return colon;
            } else if (c <= ' ' || c == '/' || c == '"' || c == '\'' || c == '<' || c == '>') {
                return false;
            }
        }
        return false;
    }

    /** Necessary condition of the generic assignment: name chars, an optional quote, up to 3 spaces, '=' or ':'. */
    static boolean assignmentFollows(String text, int hit) {
        int n = text.length();
        if (hit > 0 && (text.charAt(hit - 1) == ':' || text.charAt(hit - 1) == '/')) {
            return false; // "arn:aws:secretsmanager:…:secret:name", "/run/secrets/…": a path, not a key
        }
        // the only keywords that start with "pa" are "pass" ones: "pass" but not "passw…" only as the end of a name
        // (DB_PASS, db-pass, mail.pass, dbPass), not prose's "Pass:"
        if ((text.charAt(hit) | 0x20) == 'p' && (text.charAt(hit + 1) | 0x20) == 'a'
                && (hit + 4 >= n || (text.charAt(hit + 4) | 0x20) != 'w') && !passNameEnds(text, hit)) {
            return false;
        }
        int i = hit;
        int limit = Math.min(n, hit + 64);
        while (i < limit) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        for (int k = 0; k < 4 && i < n; k++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                i++;
            } else {
                break;
            }
        }
        if (i < n && (text.charAt(i) == '=' || text.charAt(i) == ':')) {
            return true;
        }
        if (i < n && text.charAt(i) == '<') {
            return TableColumn.valueCellFollows(text, i);
        }
        char w = i + 3 < n ? (char) (text.charAt(i) | 0x20) : 0;
        if ((w == 'i' || w == 'w') && text.charAt(i - 1) == ' '
                && (text.regionMatches(true, i, "is ", 0, 3) || text.regionMatches(true, i, "was ", 0, 4))) {
            // "the admin password is Zq8x…": only a word that does not read as prose, 8 chars or more (prose says
            // "the token is valid", "the password was reset" at a cost: every such hit ran the pattern and its
            // validators, ~7 % of a pages scan)
            return unwordlikeAt(text, i + (text.charAt(i) == 'i' || text.charAt(i) == 'I' ? 3 : 4));
        }
        if (i < n && text.charAt(i) == '>' && text.charAt(i - 1) != ' ') {
            // an XML element, <password>…</password>: its closing tag within the longest value
            for (int j = i + 1; j < Math.min(n - 1, i + 202); j++) {
                if (text.charAt(j) == '<') {
                    return text.charAt(j + 1) == '/';
                }
            }
            return false;
        }
        // name/value pair: the key is the value of "name", the secret follows "value"
        int limit2 = Math.min(n, i + 40);
        for (int j = i; j < limit2; j++) {
            char c = text.charAt(j);
            if (c == 'v' || c == 'V') {
                return text.regionMatches(true, j, "value", 0, 5);
            }
            if (!(Character.isWhitespace(c) || c == ',' || c == '"' || c == '\'')) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether a word of 8 to 200 non-blank chars that prose does not write starts at {@code i}: with a digit, a symbol
     * or a capital after a small letter ({@code Zq8xK3mP}, {@code QbeSUXgG!ete%}, {@code nDivtkuJQiws}).
     */
    private static boolean unwordlikeAt(String text, int i) {
        int n = text.length();
        boolean odd = false;
        int j = i;
        while (j < n && j - i < 200 && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '<') {
            char c = text.charAt(j);
            odd |= Checks.isDigit(c) || "!#$%&*@^~+=".indexOf(c) >= 0
                    || (j > i && Character.isUpperCase(c) && Character.isLowerCase(text.charAt(j - 1)));
            j++;
        }
        return odd && j - i >= 8;
    }

    /**
     * Cheap necessary condition for {@code command-line-password} at the hits that prose has most ("pass…",
     * "login"): a flag ("--password X"), an openssl "pass:", SQL's "PASSWORD '…'", a "login" word (a .netrc entry or
     * "docker login"); the command names (mysql, sshpass) go straight to the pattern.
     */
    static boolean commandPasswordMayFollow(String text, int hit) {
        char c = (char) (text.charAt(hit) | 0x20);
        char before = hit > 0 ? text.charAt(hit - 1) : '\n';
        if (c == 'l') {
            return blank(before); // "docker login", a .netrc "login"
        }
        if (c != 'p') {
            return true; // mysql, sshpass
        }
        if (before == '-') {
            // a flag ("--password", " -password"), not a key ("db-password", as YAML writes names)
            char flag = hit > 1 ? text.charAt(hit - 2) : '\n';
            return flag == '-' || blank(flag) || flag == '"' || flag == '\'';
        }
        int n = text.length();
        int q = hit + 4;
        if (q < n && text.charAt(q) == ':') {
            return blank(before); // openssl's "pass:"
        }
        while (q < n && (text.charAt(q) | 0x20) >= 'a' && (text.charAt(q) | 0x20) <= 'z') {
            q++; // "password", "passwd"
        }
        while (q < n && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) {
            q++;
        }
        return q < n && text.charAt(q) == '\''; // SQL: PASSWORD '…'
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** "pass" after a name part: {@code _ - .} or a lower-case letter before a camel-case "Pass". */
    private static boolean passNameEnds(String text, int hit) {
        if (hit == 0) {
            return false;
        }
        char before = text.charAt(hit - 1);
        return before == '_' || before == '-' || before == '.'
                || (text.charAt(hit) == 'P' && before >= 'a' && before <= 'z');
    }

    public static List<Detector> all() {
        return List.copyOf(ALL);
    }
}
