package dev.canopy.simulator.generate;

import java.util.List;

/** Marketplace-like apps with their vendors and the Connect scopes they ask for. */
final class AppCatalog {
    record Entry(String key, String name, String vendor, String vendorUrl, List<String> scopes) {
    }

    static final List<Entry> ENTRIES = List.of(
            new Entry("com.onresolve.jira.groovy.groovyrunner", "ScriptRunner for Jira", "Adaptavist",
                    "https://www.adaptavist.com", List.of("READ", "WRITE", "DELETE", "PROJECT_ADMIN", "ADMIN", "ACT_AS_USER")),
            new Entry("is.origo.jira.tempo-plugin", "Tempo Timesheets", "Tempo Software", "https://www.tempo.io",
                    List.of("READ", "WRITE", "ACT_AS_USER")),
            new Entry("com.gliffy.integration.confluence", "Gliffy Diagrams for Confluence", "Gliffy",
                    "https://www.gliffy.com", List.of("READ", "WRITE")),
            new Entry("com.mxgraph.confluence.plugins.diagramly", "draw.io Diagrams", "draw.io AG",
                    "https://www.drawio.com", List.of("READ", "WRITE")),
            new Entry("com.thed.zephyr.je", "Zephyr Squad", "SmartBear", "https://smartbear.com",
                    List.of("READ", "WRITE", "DELETE", "PROJECT_ADMIN")),
            new Entry("com.xpandit.plugins.xray", "Xray Test Management", "Xblend", "https://www.getxray.app",
                    List.of("READ", "WRITE", "DELETE")),
            new Entry("com.almworks.jira.structure", "Structure by Tempo", "Tempo Software", "https://www.tempo.io",
                    List.of("READ", "WRITE")),
            new Entry("eu.softwareplant.bigpicture", "BigPicture", "Appfire", "https://appfire.com",
                    List.of("READ", "WRITE", "ADMIN")),
            new Entry("com.comalatech.workflow", "Comala Document Management", "Appfire", "https://appfire.com",
                    List.of("READ", "WRITE", "SPACE_ADMIN")),
            new Entry("com.balsamiq.confluence.plugins.mockups", "Balsamiq Wireframes", "Balsamiq",
                    "https://balsamiq.com", List.of("READ", "WRITE")),
            new Entry("lucidchart-app", "Lucidchart Diagrams Connector", "Lucid Software", "https://www.lucid.co",
                    List.of("READ", "WRITE", "ACT_AS_USER")),
            new Entry("com.miro.confluence", "Miro for Confluence", "Miro", "https://miro.com", List.of("READ")),
            new Entry("jira-slack-integration", "Jira Cloud for Slack", "Atlassian", "https://www.atlassian.com",
                    List.of("READ", "WRITE", "ACT_AS_USER")),
            new Entry("com.github.integration.production", "GitHub for Jira", "GitHub", "https://github.com",
                    List.of("READ", "WRITE", "DELETE")),
            new Entry("com.innovalog.jmwe.jira-misc-workflow-extensions", "Jira Misc Workflow Extensions", "Appfire",
                    "https://appfire.com", List.of("READ", "WRITE", "ADMIN", "ACT_AS_USER")),
            new Entry("com.eazybi.atlassian-connect.eazybi-jira", "eazyBI Reports and Charts", "eazyBI",
                    "https://eazybi.com", List.of("READ", "ACCESS_EMAIL_ADDRESSES")),
            new Entry("com.easyagile.userstorymaps", "Easy Agile User Story Maps", "Easy Agile",
                    "https://www.easyagile.com", List.of("READ", "WRITE")),
            new Entry("com.refinedwiki.confluence.cloud", "Refined for Confluence", "Refined", "https://www.refined.com",
                    List.of("READ", "WRITE", "SPACE_ADMIN")),
            new Entry("com.atlassian.jira.msteams", "Microsoft Teams for Jira Cloud", "Atlassian",
                    "https://www.atlassian.com", List.of("READ", "WRITE")),
            new Entry("us.zoom.jira", "Zoom for Jira", "Zoom Video Communications", "https://zoom.us",
                    List.of("READ", "WRITE")));

    private AppCatalog() {
    }
}
