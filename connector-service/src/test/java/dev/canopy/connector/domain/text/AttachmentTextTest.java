package dev.canopy.connector.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

class AttachmentTextTest {
    private static final String SECRET = "xoxb-1234567890-abcdefghij";
    private final AttachmentText tika = new AttachmentText(1_000_000);

    @Test
    void textFormats() {
        for (String[] f : new String[][] {{"a.txt", "text/plain", "token " + SECRET},
                {"a.csv", "text/csv", "name,token\nbot," + SECRET},
                {"a.json", "application/json", "{\"token\":\"" + SECRET + "\"}"},
                {"a.xml", "application/xml", "<cfg><token>" + SECRET + "</token></cfg>"},
                {"a.html", "text/html", "<html><body><p>token " + SECRET + "</p></body></html>"}}) {
            AttachmentText.Result r = tika.extract(f[2].getBytes(StandardCharsets.UTF_8), f[0], f[1]);
            assertThat(r.isSkipped()).as(f[0] + ": " + r.skipReason()).isFalse();
            assertThat(r.text()).as(f[0]).contains(SECRET);
        }
    }

    @Test
    void jsonStringValuesAreUnescapedSoMultiLineSecretsReadAsWritten() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\"quoted\"\n-----END RSA PRIVATE KEY-----";
        String json = "{\"service\":\"x\",\"nested\":{\"keys\":[\"" + pem.replace("\"", "\\\"").replace("\n", "\\n") + "\"]}}";
        AttachmentText.Result r = tika.extract(json.getBytes(StandardCharsets.UTF_8), "k.json", "application/json");
        assertThat(r.text()).contains(pem).contains("nested.keys[0]: ");
        assertThat(tika.extract("{not json".getBytes(StandardCharsets.UTF_8), "k.json", "application/json").text())
                .contains("{not json");
    }

    @Test
    void officeAndPdf() throws Exception {
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        try (XWPFDocument d = new XWPFDocument()) {
            d.createParagraph().createRun().setText("deploy key " + SECRET);
            d.write(docx);
        }
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook w = new XSSFWorkbook()) {
            w.createSheet("s").createRow(0).createCell(0).setCellValue(SECRET);
            w.write(xlsx);
        }
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (PDDocument p = new PDDocument()) {
            PDPage page = new PDPage();
            p.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(p, page)) {
                s.beginText();
                s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                s.newLineAtOffset(50, 700);
                s.showText("token " + SECRET);
                s.endText();
            }
            p.save(pdf);
        }
        assertThat(tika.extract(docx.toByteArray(), "a.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document").text()).contains(SECRET);
        assertThat(tika.extract(xlsx.toByteArray(), "a.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").text()).contains(SECRET);
        assertThat(tika.extract(pdf.toByteArray(), "a.pdf", "application/pdf").text()).contains(SECRET);
    }

    @Test
    void imagesAndBrokenFilesAreSkippedWithAReason() {
        assertThat(tika.extract(new byte[] {1, 2, 3}, "a.png", "image/png").skipReason()).contains("unsupported media type");
        AttachmentText.Result broken = tika.extract("%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(StandardCharsets.UTF_8), "a.pdf", "application/pdf");
        assertThat(broken.isSkipped()).isTrue();
        assertThat(broken.skipReason()).contains("extraction failed");
        assertThat(new AttachmentText(10).extract("0123456789abcdef".getBytes(StandardCharsets.UTF_8), "a.txt",
                "text/plain").skipReason()).contains("exceeds 10 characters");
    }
}
