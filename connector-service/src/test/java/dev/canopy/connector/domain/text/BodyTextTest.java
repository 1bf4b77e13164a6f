package dev.canopy.connector.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class BodyTextTest {

    @Test
    void storageFormatKeepsTextCodeMacrosAndLinks() {
        String storage = "<h1>Deploy</h1><p>Use the <strong>token</strong> below:</p>"
                + "<ac:structured-macro ac:name=\"code\"><ac:parameter ac:name=\"language\">bash</ac:parameter>"
                + "<ac:plain-text-body><![CDATA[export AWS_KEY=AKIAIOSFODNN7EXAMPLE]]></ac:plain-text-body>"
                + "</ac:structured-macro><p>See <a href=\"https://example.com/x\">docs</a></p>"
                + "<table><tr><td>a</td><td>b</td></tr></table>";
        String text = StorageText.toText(storage);
        assertThat(text).contains("Deploy").contains("Use the token below:")
                .contains("export AWS_KEY=AKIAIOSFODNN7EXAMPLE").contains("docs (https://example.com/x)")
                .contains("a").contains("b");
        assertThat(text.lines().filter(l -> l.contains("Deploy"))).hasSize(1);
        assertThat(text).doesNotContain("<").doesNotContain("CDATA");
    }

    @Test
    void adfBecomesText() throws Exception {
        String adf = """
                {"type":"doc","version":1,"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"hello "},
                    {"type":"text","text":"link","marks":[{"type":"link","attrs":{"href":"https://a.example"}}]}]},
                  {"type":"codeBlock","content":[{"type":"text","text":"ghp_0123456789abcdefghijklmnopqrstuvwxyz"}]},
                  {"type":"paragraph","content":[{"type":"mention","attrs":{"id":"1","text":"@Ann"}}]}]}
                """;
        String text = AdfText.toText(new ObjectMapper().readTree(adf));
        assertThat(text).contains("hello link (https://a.example)")
                .contains("ghp_0123456789abcdefghijklmnopqrstuvwxyz").contains("@Ann");
        assertThat(text.lines().count()).isEqualTo(3);
    }
}
