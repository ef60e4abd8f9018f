package org.flotilla.datasets.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    @Test
    void detectsHeaderAndFindsLabelColumnByName() throws IOException {
        // Prepare
        Path file = write("iris.csv", """
                sepal,species,petal
                1.5,0,2.5
                # a comment

                "3.0",2,-1e-2
                """);

        // Execute
        LabeledDataset data = CsvReader.read(file, CsvOptions.defaults().withLabelColumn("species"));

        // Assert
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.exampleShape()).containsExactly(2);
        assertThat(data.features()).containsExactly(1.5f, 2.5f, 3.0f, -0.01f);
        assertThat(data.labels()).containsExactly(0, 2);
        assertThat(data.numClasses()).isEqualTo(3);
    }

    @Test
    void readsHeaderlessFileWithLabelByIndexAndFixedClassCount() throws IOException {
        Path file = write("plain.csv", "1;0.5;0.25\n0;1;2\n");

        LabeledDataset data = CsvReader.read(file, CsvOptions.defaults().withLabelColumn("0").withDelimiter(';')
                .withNumClasses(4));

        assertThat(data.labels()).containsExactly(1, 0);
        assertThat(data.features()).containsExactly(0.5f, 0.25f, 1f, 2f);
        assertThat(data.numClasses()).isEqualTo(4);
    }

    @Test
    void headerFlagOverridesDetection() throws IOException {
        Path file = write("numeric-header.csv", "10,20,30\n1,2,0\n");

        LabeledDataset data = CsvReader.read(file, CsvOptions.defaults().withHeader(true));

        assertThat(data.size()).isEqualTo(1);
    }

    @Test
    void badValueNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,label\n1,2,0\n3,oops,1\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults())).isInstanceOf(DataException.class)
                .hasMessage(file + " line 3: value 'oops' in column 1 ('b') is not a finite number");
    }

    @Test
    void raggedRowAndNonIntegerLabelAreRejected() throws IOException {
        Path ragged = write("ragged.csv", "1,2,0\n1,0\n");
        Path named = write("named.csv", "1,2,cat\n");

        assertThatThrownBy(() -> CsvReader.read(ragged, CsvOptions.defaults()))
                .hasMessage(ragged + " line 2: 2 fields, expected 3 like the first line");
        assertThatThrownBy(() -> CsvReader.read(named, CsvOptions.defaults().withHeader(false)))
                .hasMessageContaining(named + " line 1: label 'cat'").hasMessageContaining("map class names to 0..k-1");
    }

    @Test
    void unknownLabelColumnListsTheColumns() throws IOException {
        Path file = write("cols.csv", "x,y\n1,0\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withLabelColumn("class")))
                .hasMessage(file + ": no column named 'class' in the header (columns: x, y)");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
