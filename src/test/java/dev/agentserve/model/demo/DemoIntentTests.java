package dev.agentserve.model.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DemoIntentTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			What is 12*(3+4)?                 | Arithmetic[expression=12*(3+4)]
			Calculate 2^10.                   | Arithmetic[expression=2^10]
			what's sqrt(16) + 2, please       | Arithmetic[expression=sqrt(16) + 2]
			What time is it in Europe/Paris?  | Time[timezone=Europe/Paris]
			What's the date today?            | Time[timezone=UTC]
			Tell me a story about 3 cats      | Chat[]
			Hello                             | Chat[]
			""")
	void understandsArithmeticAndTime(String message, String intent) {
		assertThat(DemoIntent.of(message).toString()).isEqualTo(intent);
	}

}
