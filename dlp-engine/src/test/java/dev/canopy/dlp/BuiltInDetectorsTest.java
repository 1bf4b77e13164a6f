package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInDetectorsTest {
    /** Every built-in, the ones that are off by default included. */
    static final ScanEngine ENGINE = ScanEngine.builder().addAll(DetectorCatalog.builtIns())
            .enable(DetectorCatalog.builtIns().stream().map(Detector::id).toList())
            .salt("tenant-salt".getBytes()).build();
    /** The built-ins as a tenant gets them. */
    static final ScanEngine DEFAULT_ENGINE = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();

    static Stream<Arguments> samples() {
        Map<String, String[]> all = new java.util.LinkedHashMap<>(new Samples(42).secrets());
        all.putAll(Samples.pii());
        return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    /**
     * Phone numbers glued to a label ("…-Fax"), with a "(0)" trunk prefix, a cue word after a bare digit run, dots
     * after a +country code, or "reach me" nearer than a street name; the look-alikes next to them stay unreported.
     */
    @ParameterizedTest
    @MethodSource("phoneShapes")
    void phoneNumberShapes(String text, String expected) {
        assertFound(text, "PHONE_NUMBER", expected);
    }

    /** The spans of {@code type} found in {@code text} are exactly {@code expected} ("a | b"), or none when null. */
    private static void assertFound(String text, String type, String expected) {
        List<String> found = ENGINE.scan(text).stream().filter(m -> m.type().equals(type))
                .map(m -> text.substring(m.start(), m.end())).toList();
        if (expected == null) {
            assertThat(found).as(text).isEmpty();
        } else {
            assertThat(found).as(text).containsExactly(expected.split(" \\| "));
        }
    }

    static Stream<Arguments> phoneShapes() {
        return Stream.of(
                Arguments.of("Home\\,+447911 123 456-Fax", "+447911 123 456"),
                Arguments.of("Desk,+33 (0)1 42 68 53 00-Office", "+33 (0)1 42 68 53 00"),
                Arguments.of("Backup 2025550143-Fax", "2025550143"),
                Arguments.of("Main line 6135550199 (fax)", "6135550199"),
                // "-Office" labels the number before it, as "-Fax" does; before a number it is a room or an office id
                Arguments.of("Leeds 2025550143-Office\\,2025550199-Fax", "2025550143 | 2025550199"),
                Arguments.of("booked office 6135550199 for the review", null),
                // a country code written against the area code: "+4420 7496 0978" is not the 4-4-4 Aadhaar shape
                Arguments.of("Phone: +4420 7496 0978", "+4420 7496 0978"),
                // a cue on the number's own line outweighs a nearer one on the line before (an address's "Suite")
                Arguments.of("12 Hill Street Suite 1\n(202) 555-0143 x391-Office", "(202) 555-0143"),
                Arguments.of("12 Hill Street Suite 2025550143", null),
                // "my registered" + a bare number: the customer's phone ("a message on my registered 0133226668")
                Arguments.of("no message on my registered 0133226668. Could you check?", "0133226668"),
                Arguments.of("we registered 2500000 events this week", null),
                // dialled from abroad ("001" + a US number): a region whose exit code reads "0018" as a country code
                // that does not exist no longer ends the search for the others
                Arguments.of("Phone: 001-467-157-5562x94066", "001-467-157-5562"),
                Arguments.of("Dial-in +1.415.555.2671 x12", "+1.415.555.2671"),
                // a nearer "reach me" outweighs the street name before it
                Arguments.of("We moved to 12 Hill Street, Leeds. Reach me on 0113 496 0123 after lunch.", "0113 496 0123"),
                // area code and number split by a slash (German and Austrian "Vorwahl/Rufnummer", Hungarian), after a
                // phone cue
                Arguments.of("Tel.: 030/12345678", "030/12345678"),
                Arguments.of("Telefon: 0221/4711-0815, Fax", "0221/4711-0815"),
                Arguments.of("Phone: 1/234-5678", "1/234-5678"),
                Arguments.of("call 0316/872 4455 today", "0316/872 4455"),
                Arguments.of("ticket 6135550199 closed", null),
                // the same slash without a cue, or a second slash: a path, a date, a ratio
                Arguments.of("see wiki/spaces/ENG/pages/030/12345678", null),
                Arguments.of("build 030/12345678 passed", null),
                Arguments.of("Phone log 2023/10/2971234 rotated", null),
                Arguments.of("Phone quota 12/2023 1234567 used", null),
                Arguments.of("hash 6135550199-ab12cd34ef56ab78 ok", null),
                // six-digit numbering plans (Greenland, the Faroe Islands), read only where a phone label is right
                // before or after the number: six digits are as often an id, a count or a date
                Arguments.of("Name: Aputsiaq Petersen Phone: 86 12 45", "86 12 45"),
                Arguments.of("no message on my registered 52 34 18. Could you check?", "52 34 18"),
                Arguments.of("Personal Info:\nPhone:\n33 44 48\n\nE-mail:", "33 44 48"),
                Arguments.of("Telephone: 321456 (Torshavn)", "321456"),
                Arguments.of("Nuuk 86 12 45-Office\\,52 34 18-Fax", "86 12 45 | 52 34 18"),
                Arguments.of("room 86 12 45 is booked", null),
                Arguments.of("order 861245 shipped", null),
                Arguments.of("phone calls rose by 86 12 45 this year", null),
                Arguments.of("Phone: 2023-10 rota", null),
                Arguments.of("Page from call 4.82.744 was status", null),
                Arguments.of("cluster phone 2.24.907 notes", null),
                Arguments.of("<a href=\"https://wiki.example.net/spaces/ENG/pages/769748\">phone</a> flag", null),
                Arguments.of("id 04752210-e010-41b9-8a2c-1234567890ab", null));
    }

    @Test
    void catalogHasAtLeast60SecretTypesAndThePiiTypes() {
        List<Detector> secrets = DetectorCatalog.secrets();
        System.out.println("built-in detectors: " + DetectorCatalog.builtIns().size() + " (" + secrets.size()
                + " secret, " + DetectorCatalog.pii().size() + " PII)");
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(60);
        assertThat(DetectorCatalog.pii().stream().map(Detector::type).collect(Collectors.toSet())).contains(
                "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "UK_NINO",
                "IN_PAN", "IN_AADHAAR", "DE_TAX_ID");
        assertThat(DetectorCatalog.builtIns().stream().map(Detector::id).distinct().count())
                .isEqualTo(DetectorCatalog.builtIns().size());
    }

    @Test
    void everyBuiltInHasASample() {
        Set<String> ids = samples().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(ids).containsAll(DetectorCatalog.builtIns().stream().map(Detector::id).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void firesOnSampleAndStaysQuietOnNearMiss(String id, String positive, String nearMiss) {
        List<Match> hits = ENGINE.scan(positive);
        assertThat(hits).as("matches on %s", positive).extracting(Match::detectorId).contains(id);
        Match m = hits.stream().filter(x -> x.detectorId().equals(id)).findFirst().orElseThrow();
        assertThat(m.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(m.end()).isGreaterThan(m.start());
        List<Match> miss = ENGINE.scan(nearMiss);
        assertThat(miss).as("near miss %s -> %s", nearMiss, miss).extracting(Match::detectorId).doesNotContain(id);
    }

    @Test
    void documentedExampleCredentialsAreNotReported() {
        assertThat(ENGINE.scan("aws_access_key_id = AKIAZ7QW3ERT5YUI2OPA")).extracting(Match::detectorId)
                .contains("aws-access-key-id");
        assertThat(ENGINE.scan("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).isEmpty();
    }

    @Test
    void offByDefaultDetectorsFireOnlyWhenEnabled() {
        String text = "STRIPE_KEY=sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc9xQ2" + " host 10.0.3.17 mail sre-team@acme.io";
        ScanEngine byDefault = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();
        assertThat(byDefault.scan(text)).isEmpty();
        assertThat(ENGINE.scan(text)).extracting(Match::type)
                .containsExactly("STRIPE_TEST_KEY", "PRIVATE_IP_ADDRESS", "EMAIL_ROLE_ADDRESS");
        assertThat(ENGINE.scan(text).get(0).severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void offsetsAndLinesAreWholeText() {
        String text = "line one\nline two\nkey: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" + " end\n";
        Match m = ENGINE.scan(text).stream().filter(x -> x.detectorId().equals("github-pat")).findFirst().orElseThrow();
        assertThat(text.substring(m.start(), m.end())).startsWith("ghp_");
        assertThat(m.line()).isEqualTo(3);
        assertThat(m.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void disabledBuiltInsDoNotFire() {
        ScanEngine e = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).disable(List.of("github-pat", "email")).build();
        assertThat(e.scan("ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 mail bob@example.org")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("urlPasswords")
    void passwordsInUrls(String text, String expected) {
        assertFound(text, "PASSWORD_IN_URL", expected);
    }

    static Stream<Arguments> urlPasswords() {
        return Stream.of(
                Arguments.of("db: postgres://app:Vq7xP2mLr9Kd@db.internal:5432/app", "://app:Vq7xP2mLr9Kd@db.internal"),
                // a password without a user name: Redis AUTH and AMQP URLs write "scheme://:password@host"
                Arguments.of("REDIS_URL=redis://:p4ssW0rd-x9Kq@cache.prod:6379/0", "://:p4ssW0rd-x9Kq@cache.prod"),
                Arguments.of("broker: rediss://:Zk2LmN8pQr4s@redis.example.net:6380", "://:Zk2LmN8pQr4s@redis.example.net"),
                Arguments.of("see http://:8080/status for the port", null),
                Arguments.of("profile https://example.com/@jane:posts", null),
                Arguments.of("db: postgres://app:${DB_PASSWORD}@db.internal:5432/app", null));
    }

    /**
     * IPv6 as IPv4: addresses that do not identify anyone on the internet (link-local, unique local, documentation,
     * loopback, multicast, IPv4-mapped private) are PRIVATE_IP_ADDRESS, off by default; the public ones IP_ADDRESS.
     */
    @ParameterizedTest
    @MethodSource("ipv6Ranges")
    void ipv6AddressesByRange(String text, String type) {
        List<String> types = ENGINE.scan(text).stream().map(Match::type).toList();
        assertThat(types).as(text).containsExactly(type);
        assertThat(DEFAULT_ENGINE.scan(text)).as(text).hasSize(type.equals("IP_ADDRESS") ? 1 : 0);
    }

    static Stream<Arguments> ipv6Ranges() {
        return Stream.of(
                Arguments.of("server 2a00:1450:4001:82b::200e answered", "IP_ADDRESS"),
                Arguments.of("client 2606:4700:4700::1111 resolved", "IP_ADDRESS"),
                Arguments.of("link fe80::1a2b:3cff:fe4d:5e6f%eth0 up", "PRIVATE_IP_ADDRESS"),
                Arguments.of("Use 2001:db8::1 in the docs", "PRIVATE_IP_ADDRESS"),
                Arguments.of("docs: 2001:0DB8:85a3::8a2e:370:7334", "PRIVATE_IP_ADDRESS"),
                Arguments.of("ULA fd12:3456:789a:1::1 inside", "PRIVATE_IP_ADDRESS"),
                Arguments.of("loopback 0:0:0:0:0:0:0:1 only", "PRIVATE_IP_ADDRESS"),
                Arguments.of("public 2001:4860:4860::8888 dns", "IP_ADDRESS"),
                Arguments.of("mcast ff02::1:ff4d:5e6f group", "PRIVATE_IP_ADDRESS"),
                Arguments.of("mapped ::ffff:10.1.2.3 host", "PRIVATE_IP_ADDRESS"));
    }

    /** Video-call ids in meeting notes are written like phone numbers; the label before them says what they are. */
    @ParameterizedTest
    @MethodSource("meetingIds")
    void meetingIdsAreNotPhoneNumbers(String text, String expected) {
        assertFound(text, "PHONE_NUMBER", expected);
    }

    static Stream<Arguments> meetingIds() {
        return Stream.of(
                Arguments.of("Meeting ID: 845 2290 1147, Passcode: 551204", null),
                Arguments.of("Join Zoom Meeting https://acme.zoom.us/j/84522901147 Meeting ID: 845 2290 1147", null),
                Arguments.of("Webinar ID: 912 4471 3320", null),
                Arguments.of("Conference ID: 318 562 904#", null),
                Arguments.of("Dial by your location +1 646 558 8656 US (New York)", "+1 646 558 8656"));
    }

    /** Secrets in XML elements (Maven's settings.xml, Tomcat, .NET config), not in prose that compares a password. */
    @ParameterizedTest
    @MethodSource("assignedSecrets")
    void assignedSecretsInMoreSyntaxes(String text, String expected) {
        assertFound(text, "GENERIC_SECRET", expected);
    }

    static Stream<Arguments> assignedSecrets() {
        return Stream.of(
                Arguments.of("<server><id>nexus</id><username>deploy</username><password>Qm7!xR2pLk9Vw</password>"
                        + "</server>", "password>Qm7!xR2pLk9Vw"),
                Arguments.of("<db.password>vT4#nB8qZs2Lp</db.password>", "password>vT4#nB8qZs2Lp"),
                Arguments.of("<password>${env.NEXUS_PASSWORD}</password>", null),
                Arguments.of("<password>changeme</password>", null),
                // "_PASS" and "-pass" names, as .env files and Ansible inventories write them
                Arguments.of("DB_PASS=Xk9mQ2vLp7wT", "PASS=Xk9mQ2vLp7wT"),
                Arguments.of("    SMTP_PASS: \"Tr8wZq3Nn5cQ\"", "PASS: \"Tr8wZq3Nn5cQ"),
                Arguments.of("db-pass = Hq4mZ8vXr2Lk", "pass = Hq4mZ8vXr2Lk"),
                Arguments.of("web01 ansible_host=10.0.0.5 ansible_ssh_pass=Lm4vXq8kZn2P", "pass=Lm4vXq8kZn2P"),
                Arguments.of("mail.pass = zV5hFkapuQcj!ZMJ4y7E", "pass = zV5hFkapuQcj!ZMJ4y7E"),
                Arguments.of("  \"dbPass\": \"XQVTQIswAmvl9dWcJhFYAR5nT\"", "Pass\": \"XQVTQIswAmvl9dWcJhFYAR5nT"),
                Arguments.of("KEY_PASSPHRASE=Wq8zLm3Nv7Kx", "PASSPHRASE=Wq8zLm3Nv7Kx"),
                Arguments.of("Guest pass: AB12CD34EF for the lobby", null),
                Arguments.of("first_pass_count=3", null),
                Arguments.of("the by-pass = enabled", null),
                Arguments.of("if the password > 8 characters, accept it", null),
                Arguments.of("rotate the encryption key every quarter", null),
                // a label cell and its value cell, as credential tables on wiki pages write them
                Arguments.of("<tr><td>Password</td><td>Zq8xK3mP2wLr4T</td></tr>", "Password</td><td>Zq8xK3mP2wLr4T"),
                Arguments.of("<tr><th><p><strong>API token</strong></p></th><td class=\"confluenceTd\"><p>"
                        + "Xk9mQ2zP7wLr4TnB8vYc</p></td></tr>",
                        "token</strong></p></th><td class=\"confluenceTd\"><p>Xk9mQ2zP7wLr4TnB8vYc"),
                Arguments.of("<tr><td>Password</td><td>Ask the on-call</td></tr>", null),
                Arguments.of("<tr><td>Password policy</td><td>RotateEvery90Days</td></tr>", null),
                Arguments.of("<tr><td>Token</td><td>${VAULT_TOKEN}</td></tr>", null),
                // YAML block scalars: the value on the next line after | or >-
                Arguments.of("stringData:\n  password: |\n    Zq8xK3mP2wLr4T\n", "password: |\n    Zq8xK3mP2wLr4T"),
                Arguments.of("  api_key: >-\n    Xk9mQ2zP7wLr4TnB8vYc\n", "api_key: >-\n    Xk9mQ2zP7wLr4TnB8vYc"),
                Arguments.of("  password: |\n    correct horse battery staple\n", null),
                // "is" in a sentence
                Arguments.of("The admin password is Zq8xK3mP2wLr4T until Friday.", "password is Zq8xK3mP2wLr4T"),
                Arguments.of("The new staging secret was Wq7nLx2Kp9Rz, rotate it.", "secret was Wq7nLx2Kp9Rz"),
                Arguments.of("The password is incorrect after the reset.", null),
                Arguments.of("Your token is expired; request a new one.", null));
    }

    /**
     * Passwords given on a command line, as runbooks write them: a client's password flag, a .netrc entry. A flag that
     * prompts (mysql's bare {@code -p}), a port ({@code -P 3306}, {@code docker run -p}), a variable or stdin is not
     * a secret.
     */
    @ParameterizedTest
    @MethodSource("commandLinePasswords")
    void passwordsInCommands(String text, String expected) {
        assertFound(text, "PASSWORD_IN_COMMAND", expected);
    }

    static Stream<Arguments> commandLinePasswords() {
        return Stream.of(
                Arguments.of("mysql -h db.prod -u admin -pXk9#mQ2vLp7w appdb", "mysql -h db.prod -u admin -pXk9#mQ2vLp7w"),
                Arguments.of("mysqldump -uroot -p'Tr8wZq3Nn5c' --all-databases > all.sql",
                        "mysqldump -uroot -p'Tr8wZq3Nn5c"),
                Arguments.of("docker login -u deploy -p Hq4mZ8vXr2Lk registry.acme.io", "login -u deploy -p Hq4mZ8vXr2Lk"),
                Arguments.of("oc login https://api.ocp.acme.io:6443 -u admin -p Vb3nKq8xZm2W",
                        "login https://api.ocp.acme.io:6443 -u admin -p Vb3nKq8xZm2W"),
                Arguments.of("docker login --username deploy --password Hq4mZ8vXr2Lk registry.acme.io",
                        "password Hq4mZ8vXr2Lk"),
                Arguments.of("vault login -method=userpass username=ops password=x", null),
                Arguments.of("sshpass -p 'Jm5xQ8vLk2Wz' ssh admin@10.1.2.3", "sshpass -p 'Jm5xQ8vLk2Wz"),
                Arguments.of("openssl pkcs12 -export -out cert.p12 -passout pass:Hx5mQz8vLk2W", "pass:Hx5mQz8vLk2W"),
                Arguments.of("mongosh \"mongodb://admin@db.prod/admin\" --password Nq3xVm8kLz5R", "password Nq3xVm8kLz5R"),
                // "--password=X" is an assignment: GENERIC_SECRET, reported once
                Arguments.of("podman login --password=Vb3nKq8xZm2W quay.io", null),
                Arguments.of("machine api.heroku.com login jane@acme.io password 7d3f9a2b-1c4e-4b8a-9f6d-2e5c8b1a7f30",
                        "login jane@acme.io password 7d3f9a2b-1c4e-4b8a-9f6d-2e5c8b1a7f30"),
                Arguments.of("machine github.com\nlogin deploy-bot\npassword Wq8zLm3Nv7Kx",
                        "login deploy-bot\npassword Wq8zLm3Nv7Kx"),
                // SQL statements and PowerShell, as database and Windows runbooks write them
                Arguments.of("CREATE USER app WITH PASSWORD 'Vk3nQ9xLm2Rt';", "PASSWORD 'Vk3nQ9xLm2Rt"),
                Arguments.of("ALTER ROLE replicator WITH LOGIN PASSWORD 'Rb7nWq3xKm8Z';", "PASSWORD 'Rb7nWq3xKm8Z"),
                Arguments.of("alter user app password 'Hx5mQz8vLk2W';", "password 'Hx5mQz8vLk2W"),
                Arguments.of("$pw = ConvertTo-SecureString \"Jm5xQ8vLk2Wz\" -AsPlainText -Force",
                        "ConvertTo-SecureString \"Jm5xQ8vLk2Wz\" -AsPlainText"),
                Arguments.of("ALTER USER app WITH PASSWORD 'changeme';", null),
                Arguments.of("CREATE USER app WITH PASSWORD :'app_password';", null),
                Arguments.of("Type the password 'twice' when asked.", null),
                Arguments.of("$pw = Read-Host -AsSecureString", null),
                // prompts, ports, variables, stdin and prose
                Arguments.of("mysql -u root -p appdb", null),
                Arguments.of("mysql -h db.prod -P 3306 -u app -p", null),
                Arguments.of("mysql -u root -p$MYSQL_ROOT_PASSWORD", null),
                Arguments.of("docker run -p 8080:80 nginx", null),
                Arguments.of("docker login -p $REGISTRY_PASSWORD registry.acme.io", null),
                Arguments.of("echo \"$PW\" | docker login --password-stdin registry.acme.io", null),
                Arguments.of("ssh -p 2222 admin@host", null),
                Arguments.of("Use mysql -u root -p and type the password when asked.", null),
                Arguments.of("the login page asks for your password twice", null),
                Arguments.of("Reset the password with the --password flag of the CLI.", null));
    }

    /**
     * A remote shell's or git's {@code user@host} is a login on a machine, not a mailbox: ssh/scp/rsync destinations
     * and {@code git@host:repo} remotes; an address in a sentence that mentions ssh still is one.
     */
    @ParameterizedTest
    @MethodSource("remoteShellDestinations")
    void remoteShellDestinationsAreNotEmails(String text, String expected) {
        assertFound(text, "EMAIL_ADDRESS", expected);
    }

    static Stream<Arguments> remoteShellDestinations() {
        return Stream.of(
                Arguments.of("git clone git@github.com:acme/payments.git", null),
                Arguments.of("git remote add origin git@bitbucket.org:acme/payments.git", null),
                Arguments.of("ssh -p 2222 deploy@bastion.acme.io", null),
                Arguments.of("ssh -i ~/.ssh/id_rsa ubuntu@ec2-host.eu-west-1.compute.acme.io uptime", null),
                Arguments.of("<code>sshpass -p 'x' ssh app@web01.prod.acme.io</code>", null),
                Arguments.of("scp build.tgz deploy@web01.prod.acme.io:/tmp/", null),
                Arguments.of("rsync -avz ./dist/ www@web01.prod.acme.io:/var/www", null),
                Arguments.of("Email jane.doe@acme.io or ssh to the box.", "jane.doe@acme.io"),
                Arguments.of("Ask on ssh: jane.doe@acme.io knows the host.", "jane.doe@acme.io"),
                Arguments.of("ssh into the box and mail jane.doe@acme.io about it.", "jane.doe@acme.io"),
                Arguments.of("Contact: jane.doe@acme.io: she knows", "jane.doe@acme.io"));
    }

    /**
     * Device inventories list Luhn-valid numbers that are not payment cards: IMEIs (15 digits, a Luhn check digit, the
     * TAC's reporting body 35, 01, 86 or 99), SIM ICCIDs (ITU-T E.118: 89, the telecom industry, then up to 18 more
     * digits and a Luhn check digit) and IMSIs. A card number has its brand's length: a 15-digit number in the JCB or
     * Mastercard range is none, while Amex's 15, Diners' 14 and Visa's 13 and 16 digits are.
     */
    @ParameterizedTest
    @MethodSource("cardShapes")
    void cardsHaveTheirBrandsLengthAndDeviceIdsAreNotCards(String text, String expected) {
        assertFound(text, "CREDIT_CARD", expected);
    }

    static Stream<Arguments> cardShapes() {
        return Stream.of(
                Arguments.of("<td>MBP-008</td><td>354628897514022</td>", null),
                Arguments.of("Laptop assigned to jane, IMEI 354628897514022, MAC 86:19:5C:67:9F:9C", null),
                Arguments.of("<td>234126330434839</td><td>A6:84:D6:43:1F:B5</td>", null),
                // an IMSI of mobile country code 505 is 15 digits in Maestro's range (Maestro cards have 12 to 19)
                Arguments.of("<td>IPH-201</td><td>505500905081005</td>", null),
                Arguments.of("SIM card 8944614014193141702 activated", null),
                Arguments.of("SIM card 8944614014193141702 activated; device 861485253888532", null),
                Arguments.of("Replaced the card reader, serial 412345678901233", null),
                Arguments.of("Issue the card after the timeline review. Aadhaar 447849721538.", null),
                Arguments.of("Card on file: 4532 0151 1283 0366 (exp 09/27)", "4532 0151 1283 0366"),
                Arguments.of("<td>4532015112830366</td>", "4532015112830366"),
                Arguments.of("<td>378282246310005</td>", "378282246310005"),
                Arguments.of("<td>3530111333300000</td>", "3530111333300000"),
                Arguments.of("<td>30569309025904</td>", "30569309025904"),
                Arguments.of("<td>4222222222222</td>", "4222222222222"),
                Arguments.of("<td>2223003122003222</td>", "2223003122003222"),
                Arguments.of("<td>6011111111111117</td>", "6011111111111117"),
                // a 15-digit number in Visa's range is no Visa card: reported only with a card word
                Arguments.of("<td>412345678901233</td>", null),
                Arguments.of("Paid with card 412345678901233", "412345678901233"));
    }

    /**
     * A Zoom join link's {@code pwd=} is the meeting passcode that every invitation carries, not a connection string's
     * password; a {@code pwd=} or {@code password=} anywhere else is one.
     */
    @ParameterizedTest
    @MethodSource("meetingLinks")
    void meetingLinksAreNotConnectionStrings(String text, String expected) {
        assertFound(text, "CONNECTION_STRING_PASSWORD", expected);
    }

    static Stream<Arguments> meetingLinks() {
        return Stream.of(
                Arguments.of("Zoom: https://acme.zoom.us/j/84522901147?pwd=Qk1zY3RkZ1l1dEJ3c2ZHT0pRdz09 Meeting ID: 845",
                        null),
                Arguments.of("<a href=\"https://us02web.zoom.us/w/9812345678?pwd=aGVsbG9Xb3JsZDEyMzQ1Ng.1\">join</a>",
                        null),
                Arguments.of("https://zoomgov.com/j/1601234567?pwd=Zk9xQ2pMN3RzV1p4 (gov)", null),
                Arguments.of("Server=db01;Database=app;User Id=sa;Pwd=Xk9mQ2zP7w;", "Pwd=Xk9mQ2zP7w"),
                Arguments.of("https://api.acme.io/login?user=svc&password=Xk9mQ2zP7w", "password=Xk9mQ2zP7w"),
                Arguments.of("https://acme.zoom.us/rest/login?pwd=Xk9mQ2zP7w", "pwd=Xk9mQ2zP7w"));
    }

    /**
     * Amounts and counts written with thousands separators ("1.234.567,89", "12 345 678", "€1.234.567") are not phone
     * numbers: with a decimal part or a currency next to them never, in a thousands shape only after a phone cue; the
     * 3-3-3 phones of Poland, Portugal or Czechia and numbers with a trunk 0 stay phones.
     */
    @ParameterizedTest
    @MethodSource("amounts")
    void amountsAreNotPhoneNumbers(String text, String expected) {
        assertFound(text, "PHONE_NUMBER", expected);
    }

    static Stream<Arguments> amounts() {
        return Stream.of(
                Arguments.of("Budget EUR 1.234.567,89 approved", null),
                Arguments.of("Kosten: 2.345.678 € im Jahr", null),
                Arguments.of("Umsatz 12.345.678,00 EUR", null),
                Arguments.of("Total: €1.234.567", null),
                Arguments.of("R$ 1.234.567,89 faturado", null),
                Arguments.of("Population 8 345 678 inhabitants", null),
                Arguments.of("Counted 1 234 567 events", null),
                Arguments.of("Price 123.456.789 VND", null),
                Arguments.of("<td>CHF 512 345 678</td>", null),
                Arguments.of("Montant total 512 345 678,50.", null),
                Arguments.of("Traffic reached 227 065 066 requests.", null),
                Arguments.of("Kontakt: 512 345 678 ext. 019", "512 345 678"),
                Arguments.of("<td>512 345 678 (mobile)</td>", "512 345 678"),
                Arguments.of("Telefon: 030 1234567", "030 1234567"),
                Arguments.of("Tel. 0221.123.456", "0221.123.456"),
                Arguments.of("Phone 555.123.4567", "555.123.4567"),
                Arguments.of("Telefon: 912.345.678", "912.345.678"),
                Arguments.of("Phone: 72 128 827", "72 128 827"),
                Arguments.of("<td>512 345 678</td>", "512 345 678"));
    }

    /**
     * A credential table: the header cell names the column, each row below gives a value; the values of other
     * columns, words, placeholders and masks are not secrets, and the column ends with its table.
     */
    @Test
    void valuesInAColumnHeadedPasswordAreSecrets() {
        String table = "<table class=\"wrapped\"><colgroup><col /><col /></colgroup><tbody>"
                + "<tr><th><p>System</p></th><th><p>User</p></th><th><p><strong>Password</strong></p></th></tr>"
                + "<tr><td><p>jenkins</p></td><td><p>admin</p></td><td><p>Zq8xK3mP2wLr4T</p></td></tr>"
                + "<tr><td>grafana</td><td>ops_viewer_2024</td><td>see 1Password</td></tr>"
                + "<tr><td>nexus</td><td>deploy</td><td><code>Hn4pQ8zLw2xV</code></td></tr>"
                + "<tr><td>vault</td><td>root</td><td>********</td></tr>"
                + "<tr><td>sonar</td><td>ci</td><td>${SONAR_PASSWORD}</td></tr>"
                + "</tbody></table><table><tbody><tr><td>a</td><td>b</td><td>Wq7nLx2Kp9RzT</td></tr></tbody></table>";
        List<String> found = ENGINE.scan(table).stream().filter(m -> m.type().equals("GENERIC_SECRET"))
                .map(m -> table.substring(m.start(), m.end())).toList();
        assertThat(found).containsExactly("Zq8xK3mP2wLr4T", "Hn4pQ8zLw2xV");
        String tokens = "<table><tbody><tr><th>Service</th><th>API token</th><th>Owner</th></tr>"
                + "<tr><td>pager</td><td>Xk9mQ2zP7wLr4TnB8vYc</td><td>jane.doe</td></tr></tbody></table>";
        assertThat(ENGINE.scan(tokens).stream().filter(m -> m.type().equals("GENERIC_SECRET"))
                .map(m -> tokens.substring(m.start(), m.end()))).containsExactly("Xk9mQ2zP7wLr4TnB8vYc");
        // a "password" in a body cell or in prose heads no column
        String body = "<table><tbody><tr><td>Reset the password</td><td>done</td></tr>"
                + "<tr><td>Rotate</td><td>Wq7nLx2Kp9RzT</td></tr></tbody></table>";
        assertThat(ENGINE.scan(body)).isEmpty();
    }

    /** A card word further away does not take an Aadhaar number from its own cue. */
    @Test
    void anAadhaarNumberNearACardWordStaysAnAadhaarNumber() {
        assertFound("Issue the card after the timeline review. Aadhaar 447849721538.", "IN_AADHAAR", "447849721538");
        assertFound("card timeout card. UIDAI number 587331601258.", "IN_AADHAAR", "587331601258");
    }

    /** MAC addresses (six hex pairs, ':' or '-') are not phone numbers, whether or not they have hex letters. */
    @ParameterizedTest
    @MethodSource("macAddresses")
    void macAddressesAreNotPhoneNumbers(String text, String expected) {
        assertFound(text, "PHONE_NUMBER", expected);
    }

    static Stream<Arguments> macAddresses() {
        return Stream.of(
                Arguments.of("<td>234818196656695</td><td>55-46-67-25-B9-0B</td></tr>", null),
                Arguments.of("<td>93-63-75-57-D8-ED</td>", null),
                Arguments.of("Wi-Fi MAC 21-31-42-10-35-01 on the phone", null),
                Arguments.of("Wi-Fi MAC 21:31:42:10:35:01 on the phone", null),
                Arguments.of("MAC 18-55-38-25-af-d4", null),
                // seven pairs are not a MAC; a phone number written in pairs still is one
                Arguments.of("Phone: 06-12-34-56-78", "06-12-34-56-78"));
    }

    /**
     * An IBAN is written whole or in groups of four; the tail of a UUID ("…-be956908e083") followed by a word is
     * neither, even when the country length and mod-97 happen to fit.
     */
    @ParameterizedTest
    @MethodSource("ibanShapes")
    void ibansAreWholeOrInGroupsOfFour(String text, String expected) {
        assertFound(text, "IBAN_CODE", expected);
    }

    static Stream<Arguments> ibanShapes() {
        return Stream.of(
                Arguments.of("IBAN GB82 WEST 1234 5698 7654 32 for the refund", "GB82 WEST 1234 5698 7654 32"),
                Arguments.of("pay to GB82WEST12345698765432.", "GB82WEST12345698765432"),
                Arguments.of("iban: gb82 west 1234 5698 7654 32", "gb82 west 1234 5698 7654 32"),
                Arguments.of("Tenant 3ac71e6a-0365-5653-572f-be956908e083 maps to cluster space-8.", null),
                Arguments.of("Tenant cbbda542-de97-d1bc-ae60-be1a8f873188 maps to cluster version-4.", null));
    }

    @Test
    void quietOnOrdinaryProse() {
        String prose = """
                The quarterly planning page lists the roadmap for the platform team. Each squad owns a set of
                services and reviews its token budget every sprint. Passwords must be rotated every 90 days, see
                the security policy. The meeting is at 10:30 in room 4.12; version 2.4.1 ships on 2025-03-14.
                Ask the help desk for a new password if yours expired. Our secret sauce is good documentation.
                """;
        assertThat(ENGINE.scan(prose)).isEmpty();
    }
}
