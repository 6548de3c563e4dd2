namespace Customizable.Vlm.Onnx.Tests.Mutual;

[Collection(SharedReasoner.Name)]
public class MutualScoringTests
{
    private readonly ReasonerFixture _fixture;

    public MutualScoringTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_planted_defect_in_a_batch_of_normal_parts_ranks_first_is_flagged_and_its_map_peaks_on_the_plant()
    {
        List<RawFrame> batch = [.. Enumerable.Range(300, 11).Select(seed => SyntheticParts.Normal(seed).Frame)];
        SyntheticImage defective = SyntheticParts.WithDefect(400, DefectKind.DarkBlob, 90, 170);
        batch.Insert(5, defective.Frame);

        MutualScoringResult result = await _fixture.Reasoner.ScoreMutuallyAsync(batch, new MutualScoringOptions { MaxComparisons = 6 });

        Assert.Equal(12, result.Scores.Count);
        Assert.Equal(6, result.ComparisonsPerImage);
        Assert.Equal(Enumerable.Range(0, 12), result.Scores.Select(s => s.Index));
        MutualScore top = result.Scores.MaxBy(s => s.RawScore)!;
        Assert.Equal(5, top.Index);
        Assert.True(top.IsOutlier && top.Score >= 0.5, $"z = {top.RobustZ:0.00}, score {top.Score:0.000}");
        Assert.All(result.Scores.Where(s => s.Index != 5), s => Assert.False(s.IsOutlier, $"image {s.Index}: z = {s.RobustZ:0.00}"));

        AnomalyMap map = top.Map;
        float peak = float.MinValue;
        (int X, int Y) at = default;
        for (int y = 0; y < SyntheticParts.Size; y++)
        {
            for (int x = 0; x < SyntheticParts.Size; x++)
            {
                if (map[x, y] > peak)
                {
                    (peak, at) = (map[x, y], (x, y));
                }
            }
        }

        PixelRect plant = defective.Plant!.Value;
        Assert.True(Math.Abs(at.X - (plant.X + (plant.Width / 2))) <= 24 && Math.Abs(at.Y - (plant.Y + (plant.Height / 2))) <= 24, $"peak at {at}, plant {plant}");
    }

    [Fact]
    public async Task Scores_are_deterministic_and_the_zero_comparison_setting_compares_with_every_other_image()
    {
        List<RawFrame> batch = [.. Enumerable.Range(310, 5).Select(seed => SyntheticParts.Normal(seed).Frame)];

        MutualScoringResult first = await _fixture.Reasoner.ScoreMutuallyAsync(batch, new MutualScoringOptions { MaxComparisons = 0 });
        MutualScoringResult second = await _fixture.Reasoner.ScoreMutuallyAsync(batch, new MutualScoringOptions { MaxComparisons = 0 });

        Assert.Equal(4, first.ComparisonsPerImage);
        Assert.Equal(first.Scores.Select(s => s.RawScore), second.Scores.Select(s => s.RawScore));
        Assert.All(first.Scores, s => Assert.InRange(s.Score, 0, 1));
        Assert.True(first.RobustSpread > 0);
    }

    [Fact]
    public async Task Fewer_than_three_images_or_invalid_options_are_refused_before_any_work()
    {
        RawFrame frame = SyntheticParts.Normal(320).Frame;

        await Assert.ThrowsAsync<ArgumentException>(() => _fixture.Reasoner.ScoreMutuallyAsync([frame, frame]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _fixture.Reasoner.ScoreMutuallyAsync([frame, frame, frame], new MutualScoringOptions { NeighbourFraction = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _fixture.Reasoner.ScoreMutuallyAsync([frame, frame, frame], new MutualScoringOptions { MaxComparisons = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _fixture.Reasoner.ScoreMutuallyAsync([frame, frame, frame], new MutualScoringOptions { OutlierThreshold = double.NaN }));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(10, 9)]
    [InlineData(100, 32)]
    [InlineData(3, 2)]
    public void Each_image_is_compared_with_distinct_other_images_spread_over_the_batch(int count, int comparisons)
    {
        for (int i = 0; i < count; i++)
        {
            int[] others = [.. Enumerable.Range(0, comparisons).Select(t => FeatureReasoner.ComparedImage(i, t, count, comparisons))];

            Assert.DoesNotContain(i, others);
            Assert.Equal(comparisons, others.Distinct().Count());
            Assert.All(others, j => Assert.InRange(j, 0, count - 1));
        }
    }
}
