package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.AntPattern;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.pipeline.runtime.StepCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * {@code junit 'build/test-results/**}{@code /*.xml'}: reads JUnit XML reports, summarises them in
 * the log and marks the build UNSTABLE when tests failed, as Jenkins' junit step does; returns the
 * counts (totalCount, failCount, skipCount, passCount).
 */
final class JunitStep implements PipelineStep {

  @Override
  public String name() {
    return "junit";
  }

  @Override
  public String defaultParameter() {
    return "testResults";
  }

  @Override
  public Set<String> parameters() {
    return Set.of(
        "testResults",
        "allowEmptyResults",
        "skipPublishingChecks",
        "keepLongStdio",
        "skipMarkingBuildUnstable",
        "healthScaleFactor");
  }

  @Override
  public Object call(StepCall call) throws Exception {
    String pattern = call.required("testResults");
    List<String> files = AntPattern.of(pattern, true).files(call.directory(), null);
    if (files.isEmpty()) {
      if (call.flag("allowEmptyResults", false)) {
        call.print("None of the test reports contained any result");
        return Map.of("totalCount", 0, "failCount", 0, "skipCount", 0, "passCount", 0);
      }
      throw new AbortException("No test report files were found. Configuration error?");
    }
    int total = 0;
    int failed = 0;
    int skipped = 0;
    for (String file : files) {
      Document report = parse(call.directory().resolve(file));
      NodeList cases = report.getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element testcase = (Element) cases.item(i);
        total++;
        if (testcase.getElementsByTagName("failure").getLength() > 0
            || testcase.getElementsByTagName("error").getLength() > 0) {
          failed++;
        } else if (testcase.getElementsByTagName("skipped").getLength() > 0) {
          skipped++;
        }
      }
    }
    call.print("Recording test results");
    call.print(
        "Tests: "
            + total
            + ", failed: "
            + failed
            + ", skipped: "
            + skipped
            + " ("
            + files.size()
            + " report file(s))");
    if (failed > 0 && !call.flag("skipMarkingBuildUnstable", false)) {
      call.run().currentBuild().setResult("UNSTABLE");
      call.run().markStage(Result.UNSTABLE);
    }
    return Map.of(
        "totalCount",
        total,
        "failCount",
        failed,
        "skipCount",
        skipped,
        "passCount",
        total - failed - skipped);
  }

  private static Document parse(Path file) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new AbortException("cannot read test report " + file + ": " + e.getMessage(), e);
    }
  }
}
